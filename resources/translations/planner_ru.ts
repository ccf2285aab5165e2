<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name>AccountDialog</name>
    <message>
        <source>The current password is wrong.</source>
        <translation>Текущий пароль неверен.</translation>
    </message>
    <message>
        <source>The code is wrong or no longer valid (it works once, for 30 minutes, and only a few wrong tries are allowed). Ask for a new one.</source>
        <translation>Код неверен или больше не действует (он срабатывает один раз, действует 30 минут, и допускается лишь несколько ошибок). Запросите новый.</translation>
    </message>
</context>
<context>
    <name>ActivityPanel</name>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Действие</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Кто</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Пользователь</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Все действия</translation>
    </message>
    <message>
        <source>Search…</source>
        <translation>Поиск…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Обновить</translation>
    </message>
    <message>
        <source>E&amp;xport as CSV…</source>
        <translation>&amp;Экспорт в CSV…</translation>
    </message>
    <message>
        <source>user edited</source>
        <translation>пользователь изменён</translation>
    </message>
    <message>
        <source>user blocked</source>
        <translation>пользователь заблокирован</translation>
    </message>
    <message>
        <source>user unblocked</source>
        <translation>пользователь разблокирован</translation>
    </message>
    <message>
        <source>role changed</source>
        <translation>роль изменена</translation>
    </message>
    <message>
        <source>sessions ended</source>
        <translation>сеансы завершены</translation>
    </message>
    <message>
        <source>reset code sent</source>
        <translation>код сброса отправлен</translation>
    </message>
    <message>
        <source>email retried</source>
        <translation>письмо отправлено повторно</translation>
    </message>
    <message>
        <source>cancelled for the specialist</source>
        <translation>отменено за специалиста</translation>
    </message>
    <message>
        <source>booking rules edited</source>
        <translation>правила записи изменены</translation>
    </message>
    <message>
        <source>password changed</source>
        <translation>пароль изменён</translation>
    </message>
    <message>
        <source>password reset asked for</source>
        <translation>запрошен сброс пароля</translation>
    </message>
    <message>
        <source>password reset used</source>
        <translation>пароль сброшен по коду</translation>
    </message>
    <message>
        <source>sign-in throttled</source>
        <translation>вход временно ограничен</translation>
    </message>
    <message>
        <source>blocked user&apos;s sign-in</source>
        <translation>попытка входа заблокированного</translation>
    </message>
    <message>
        <source>All users</source>
        <translation>Все пользователи</translation>
    </message>
    <message>
        <source>{count} entries (newest {limit} at most).</source>
        <translation>Записей: {count} (не более {limit} последних).</translation>
    </message>
    <message>
        <source>Export activity</source>
        <translation>Экспорт журнала</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Файлы CSV (*.csv)</translation>
    </message>
    <message>
        <source>Exported {count} entries to {path}.</source>
        <translation>Экспортировано записей: {count}, файл {path}.</translation>
    </message>
</context>
<context>
    <name>AdminWindow</name>
    <message>
        <source>Search names, email, phone…</source>
        <translation>Поиск по имени, эл. почте, телефону…</translation>
    </message>
    <message>
        <source>All roles</source>
        <translation>Все роли</translation>
    </message>
    <message>
        <source>Blocked or not</source>
        <translation>Все, заблокированные и нет</translation>
    </message>
    <message>
        <source>Only blocked</source>
        <translation>Только заблокированные</translation>
    </message>
    <message>
        <source>Only not blocked</source>
        <translation>Только незаблокированные</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>Из&amp;менить…</translation>
    </message>
    <message>
        <source>&amp;Block…</source>
        <translation>&amp;Заблокировать…</translation>
    </message>
    <message>
        <source>&amp;Unblock…</source>
        <translation>&amp;Разблокировать…</translation>
    </message>
    <message>
        <source>&amp;Reset password…</source>
        <translation>&amp;Сбросить пароль…</translation>
    </message>
    <message>
        <source>End &amp;sessions…</source>
        <translation>&amp;Завершить сеансы…</translation>
    </message>
    <message>
        <source>E&amp;xport shown rows as CSV…</source>
        <translation>&amp;Экспорт показанных строк в CSV…</translation>
    </message>
    <message>
        <source>&amp;Reload users</source>
        <translation>&amp;Обновить список</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Найти</translation>
    </message>
    <message>
        <source>&amp;Users</source>
        <translation>&amp;Пользователи</translation>
    </message>
    <message>
        <source>&amp;Outbox</source>
        <translation>&amp;Исходящие письма</translation>
    </message>
    <message>
        <source>&amp;Activity</source>
        <translation>&amp;Журнал</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Администратор</translation>
    </message>
    <message>
        <source>Could not load the users: {why}</source>
        <translation>Не удалось загрузить пользователей: {why}</translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %n user(s)</source>
        <translation>
            <numerusform>{shown} из %n пользователя</numerusform>
            <numerusform>{shown} из %n пользователей</numerusform>
            <numerusform>{shown} из %n пользователей</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… и ещё %n</numerusform>
            <numerusform>… и ещё %n</numerusform>
            <numerusform>… и ещё %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Block %n user(s)? They will be signed out at once and cannot sign in until unblocked.</source>
        <translation>
            <numerusform>Заблокировать %n пользователя? Его сеанс завершится сразу, и войти он не сможет до разблокировки.</numerusform>
            <numerusform>Заблокировать %n пользователей? Их сеансы завершатся сразу, и войти они не смогут до разблокировки.</numerusform>
            <numerusform>Заблокировать %n пользователей? Их сеансы завершатся сразу, и войти они не смогут до разблокировки.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Unblock %n user(s)?</source>
        <translation>
            <numerusform>Разблокировать %n пользователя?</numerusform>
            <numerusform>Разблокировать %n пользователей?</numerusform>
            <numerusform>Разблокировать %n пользователей?</numerusform>
        </translation>
    </message>
    <message>
        <source>… and {count} more</source>
        <translation>… и ещё {count}</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n user(s) to {path}.</source>
        <translation>
            <numerusform>В {path} выгружен %n пользователь.</numerusform>
            <numerusform>В {path} выгружено %n пользователя.</numerusform>
            <numerusform>В {path} выгружено %n пользователей.</numerusform>
        </translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <source>Saved: {name}.</source>
        <translation>Сохранено: {name}.</translation>
    </message>
    <message>
        <source>Not saved: {why}</source>
        <translation>Не сохранено: {why}</translation>
    </message>
    <message>
        <source>The change was not saved and has been undone.

{why}</source>
        <translation>Изменение не сохранено и отменено.

{why}</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>Нет доступа</translation>
    </message>
    <message>
        <source>Please check the input</source>
        <translation>Проверьте введённые данные</translation>
    </message>
    <message>
        <source>Nothing to change: the selected users are already {state}.</source>
        <translation>Менять нечего: выбранные пользователи уже {state}.</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>заблокированы</translation>
    </message>
    <message>
        <source>not blocked</source>
        <translation>не заблокированы</translation>
    </message>
    <message>
        <source>Block users</source>
        <translation>Блокировка пользователей</translation>
    </message>
    <message>
        <source>Unblock users</source>
        <translation>Разблокировка пользователей</translation>
    </message>
    <message>
        <source>Reset passwords</source>
        <translation>Сброс паролей</translation>
    </message>
    <message>
        <source>Email {count} user(s) a code to set a new password? Their current password keeps working until they use the code.</source>
        <translation>Отправить пользователям ({count}) код для установки нового пароля? Текущий пароль действует, пока код не использован.</translation>
    </message>
    <message>
        <source>Reset code sent to {name}.</source>
        <translation>Код сброса отправлен: {name}.</translation>
    </message>
    <message>
        <source>End sessions</source>
        <translation>Завершение сеансов</translation>
    </message>
    <message>
        <source>End every session of {count} user(s)? They are signed out at once on every computer and must sign in again.</source>
        <translation>Завершить все сеансы пользователей ({count})? Они сразу выйдут на всех компьютерах и должны будут войти снова.</translation>
    </message>
    <message>
        <source>Sessions ended: {name}.</source>
        <translation>Сеансы завершены: {name}.</translation>
    </message>
    <message>
        <source>{name}: {why}</source>
        <translation>{name}: {why}</translation>
    </message>
    <message>
        <source>Export users</source>
        <translation>Экспорт пользователей</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Файлы CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>BookingRules</name>
    <message>
        <source>requests at least {minutes} min ahead</source>
        <translation>заявки не позже чем за {minutes} мин</translation>
    </message>
    <message>
        <source>at most {days} days ahead</source>
        <translation>не дальше чем на {days} дн. вперёд</translation>
    </message>
    <message>
        <source>{minutes} min between consultations</source>
        <translation>{minutes} мин между консультациями</translation>
    </message>
    <message>
        <source>at most {count} a day</source>
        <translation>не больше {count} в день</translation>
    </message>
    <message>
        <source>at most {count} requests awaiting an answer</source>
        <translation>не больше {count} заявок в ожидании ответа</translation>
    </message>
    <message>
        <source>Booking rules: {rules}.</source>
        <translation>Правила записи: {rules}.</translation>
    </message>
</context>
<context>
    <name>BookingRulesDialog</name>
    <message>
        <source>Booking rules</source>
        <translation>Правила записи</translation>
    </message>
    <message>
        <source>off</source>
        <translation>выкл.</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source> days</source>
        <translation> дн.</translation>
    </message>
    <message>
        <source>What clients may request of you. 0 turns a rule off; changing a rule never touches requests or consultations you already have.</source>
        <translation>Что клиенты могут у вас запросить. 0 отключает правило; изменение правила не затрагивает уже имеющиеся заявки и консультации.</translation>
    </message>
    <message>
        <source>Buffer &amp;before:</source>
        <translation>Перерыв &amp;до:</translation>
    </message>
    <message>
        <source>Time kept free before each request or consultation.</source>
        <translation>Время, свободное перед каждой заявкой или консультацией.</translation>
    </message>
    <message>
        <source>Buffer &amp;after:</source>
        <translation>Перерыв &amp;после:</translation>
    </message>
    <message>
        <source>Time kept free after each one: two consultations are at least the larger buffer apart.</source>
        <translation>Время, свободное после каждой: между двумя консультациями не меньше большего из перерывов.</translation>
    </message>
    <message>
        <source>Minimum &amp;notice:</source>
        <translation>Минимальный &amp;срок:</translation>
    </message>
    <message>
        <source>Nobody may request a slot that starts sooner than this.</source>
        <translation>Нельзя записаться на слот, который начинается раньше, чем через это время.</translation>
    </message>
    <message>
        <source>&amp;Horizon:</source>
        <translation>&amp;Горизонт:</translation>
    </message>
    <message>
        <source>Nobody may request a slot further ahead than this.</source>
        <translation>Нельзя записаться на слот дальше этого срока.</translation>
    </message>
    <message>
        <source>Most per &amp;day:</source>
        <translation>Не больше в &amp;день:</translation>
    </message>
    <message>
        <source>At most this many requests and consultations on one day of your time zone.</source>
        <translation>Не больше стольких заявок и консультаций за один день в вашем часовом поясе.</translation>
    </message>
    <message>
        <source>Most &amp;pending per client:</source>
        <translation>Не больше &amp;ожидающих от клиента:</translation>
    </message>
    <message>
        <source>A client may wait for your answer on at most this many requests.</source>
        <translation>Клиент может ждать вашего ответа не больше чем по стольким заявкам.</translation>
    </message>
</context>
<context>
    <name>CalendarState</name>
    <message>
        <source>Your calendar refuses the password since {when}; its last known busy times still count.</source>
        <translation>Ваш календарь отклоняет пароль с {when}; последние известные занятые интервалы по-прежнему учитываются.</translation>
    </message>
    <message>
        <source>Your calendar cannot be reached since {when} ({why}); its last known busy times still count.</source>
        <translation>Ваш календарь недоступен с {when} ({why}); последние известные занятые интервалы по-прежнему учитываются.</translation>
    </message>
</context>
<context>
    <name>CancelDialog</name>
    <message>
        <source>Cancel your request</source>
        <translation>Отмена заявки</translation>
    </message>
    <message>
        <source>Withdraw your request to {name} for {when}?</source>
        <translation>Отозвать заявку к специалисту {name} на {when}?</translation>
    </message>
    <message>
        <source>Optional comment for the specialist</source>
        <translation>Комментарий для специалиста (необязательно)</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Причина:</translation>
    </message>
    <message>
        <source>C&amp;omment:</source>
        <translation>&amp;Комментарий:</translation>
    </message>
    <message>
        <source>Cancel the &amp;request</source>
        <translation>Отменить &amp;заявку</translation>
    </message>
    <message>
        <source>&amp;Keep it</source>
        <translation>&amp;Оставить</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation>Смена пароля</translation>
    </message>
    <message>
        <source>After the change, you stay signed in here; every other computer signed in to this account is signed out at once.</source>
        <translation>После смены пароля вы останетесь в системе здесь; на всех других компьютерах эта учётная запись сразу выйдет из системы.</translation>
    </message>
    <message>
        <source>&amp;Current password:</source>
        <translation>&amp;Текущий пароль:</translation>
    </message>
    <message>
        <source>C&amp;hange password</source>
        <translation>С&amp;менить пароль</translation>
    </message>
    <message>
        <source>Enter your current password.</source>
        <translation>Введите текущий пароль.</translation>
    </message>
    <message>
        <source>Changing the password…</source>
        <translation>Смена пароля…</translation>
    </message>
</context>
<context>
    <name>CharCounter</name>
    <message>
        <source>{count} / {limit}</source>
        <translation>{count} / {limit}</translation>
    </message>
    <message>
        <source>The limit is reached: at most {limit} characters.</source>
        <translation>Достигнут предел: не более {limit} символов.</translation>
    </message>
</context>
<context>
    <name>ClientWindow</name>
    <message>
        <source>&amp;Reserve the selected slot…</source>
        <translation>&amp;Записаться на выбранное время…</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <source>&amp;Booking</source>
        <translation>&amp;Запись</translation>
    </message>
    <message>
        <source>&amp;Cancel the selected request…</source>
        <translation>&amp;Отменить выбранную заявку…</translation>
    </message>
    <message>
        <source>Add the selected consultation to the &amp;calendar…</source>
        <translation>Добавить выбранную консультацию в &amp;календарь…</translation>
    </message>
    <message numerus="yes">
        <source>%n slot(s)</source>
        <translation>
            <numerusform>%n окно</numerusform>
            <numerusform>%n окна</numerusform>
            <numerusform>%n окон</numerusform>
        </translation>
    </message>
    <message>
        <source>Drop your request onto a free slot of the same specialist.</source>
        <translation>Перетащите заявку на свободный слот того же специалиста.</translation>
    </message>
    <message>
        <source>Move your request</source>
        <translation>Перенос заявки</translation>
    </message>
    <message>
        <source>Move your request to {when}?</source>
        <translation>Перенести заявку на {when}?</translation>
    </message>
    <message>
        <source>&amp;Move</source>
        <translation>&amp;Перенести</translation>
    </message>
    <message>
        <source>Now: {when}</source>
        <translation>Сейчас: {when}</translation>
    </message>
    <message>
        <source>Choose a free slot first.</source>
        <translation>Сначала выберите свободное время.</translation>
    </message>
    <message>
        <source>This slot is not free: it is yours already.</source>
        <translation>Это время уже занято вами.</translation>
    </message>
    <message>
        <source>This slot is not free.</source>
        <translation>Это время занято.</translation>
    </message>
    <message>
        <source>Reserving…</source>
        <translation>Запись…</translation>
    </message>
    <message>
        <source>Reserved: {name}, {when}. Awaiting the specialist&apos;s approval.</source>
        <translation>Заявка отправлена: {name}, {when}. Ждём подтверждения специалиста.</translation>
    </message>
    <message>
        <source>Someone else was faster: the slot with {name} on {when} has just been taken. The list of free slots has been refreshed; please choose another time.</source>
        <translation>Кто-то успел раньше: время у специалиста {name} на {when} только что заняли. Список свободного времени обновлён — выберите другое.</translation>
    </message>
    <message>
        <source>Slot already taken</source>
        <translation>Время уже занято</translation>
    </message>
    <message>
        <source>Reserve a consultation</source>
        <translation>Запись на консультацию</translation>
    </message>
    <message>
        <source>Reserve this consultation? The specialist will be asked to agree.</source>
        <translation>Записаться на эту консультацию? Специалисту придёт запрос на подтверждение.</translation>
    </message>
    <message>
        <source>&amp;Reserve</source>
        <translation>&amp;Записаться</translation>
    </message>
    <message>
        <source>Specialist</source>
        <translation>Специалист</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Тема</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Стоимость</translation>
    </message>
    <message>
        <source>Search specialists or what they offer…</source>
        <translation>Поиск специалистов и услуг…</translation>
    </message>
    <message>
        <source>&amp;Specialists</source>
        <translation>Сп&amp;ециалисты</translation>
    </message>
    <message>
        <source>any day</source>
        <translation>любой день</translation>
    </message>
    <message>
        <source>any</source>
        <translation>любая</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>О&amp;т:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;До:</translation>
    </message>
    <message>
        <source>Max &amp;cost:</source>
        <translation>Макс. сто&amp;имость:</translation>
    </message>
    <message>
        <source>Previous week</source>
        <translation>Предыдущая неделя</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>Next week</source>
        <translation>Следующая неделя</translation>
    </message>
    <message>
        <source>&amp;Reserve…</source>
        <translation>За&amp;писаться…</translation>
    </message>
    <message>
        <source>&amp;Find a consultation</source>
        <translation>&amp;Найти консультацию</translation>
    </message>
    <message>
        <source>&amp;My consultations</source>
        <translation>&amp;Мои консультации</translation>
    </message>
</context>
<context>
    <name>ConnectCalendarDialog</name>
    <message>
        <source>Connect a calendar</source>
        <translation>Подключение календаря</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>&amp;Проверить подключение</translation>
    </message>
    <message>
        <source>Calendars whose events count as busy</source>
        <translation>Календари, события которых считаются занятостью</translation>
    </message>
    <message>
        <source>Write agreed consultations to</source>
        <translation>Записывать согласованные консультации в</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Отключить</translation>
    </message>
    <message>
        <source>Server &amp;URL:</source>
        <translation>&amp;Адрес сервера:</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Имя пользователя:</translation>
    </message>
    <message>
        <source>App &amp;password:</source>
        <translation>&amp;Пароль приложения:</translation>
    </message>
    <message>
        <source>Calendars whose events count as busy:</source>
        <translation>Календари, события которых считаются занятостью:</translation>
    </message>
    <message>
        <source>Write agreed consultations &amp;to:</source>
        <translation>Записывать согласованные консультации &amp;в:</translation>
    </message>
    <message>
        <source>(unchanged)</source>
        <translation>(без изменений)</translation>
    </message>
    <message>
        <source>Give the server&apos;s address (https://…), the user name and the app password.</source>
        <translation>Укажите адрес сервера (https://…), имя пользователя и пароль приложения.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Подключение…</translation>
    </message>
    <message>
        <source>Connected. Choose the calendars below, then Save.</source>
        <translation>Подключено. Выберите календари ниже и нажмите «Сохранить».</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(нет)</translation>
    </message>
    <message>
        <source>Saving and reading your calendar…</source>
        <translation>Сохранение и чтение вашего календаря…</translation>
    </message>
</context>
<context>
    <name>ConsultationTableModel</name>
    <message>
        <source>No reason given</source>
        <translation>Причина не указана</translation>
    </message>
    <message>
        <source>Force majeure</source>
        <translation>Форс-мажор</translation>
    </message>
    <message>
        <source>Got sick</source>
        <translation>Болезнь</translation>
    </message>
    <message>
        <source>Schedule conflict</source>
        <translation>Накладка в расписании</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Specialist</source>
        <translation>Специалист</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Тема</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Стоимость</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Reason and comment</source>
        <translation>Причина и комментарий</translation>
    </message>
    <message>
        <source>New time proposed: {when}</source>
        <translation>Предложено новое время: {when}</translation>
    </message>
    <message>
        <source>Moved to {when}</source>
        <translation>Перенесено на {when}</translation>
    </message>
</context>
<context>
    <name>ConsultationsPanel</name>
    <message>
        <source>Upcoming</source>
        <translation>Предстоящие</translation>
    </message>
    <message>
        <source>Past and cancelled</source>
        <translation>Прошедшие и отменённые</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Все</translation>
    </message>
    <message>
        <source>&amp;Cancel request…</source>
        <translation>&amp;Отменить заявку…</translation>
    </message>
    <message>
        <source>&amp;Move…</source>
        <translation>П&amp;еренести…</translation>
    </message>
    <message>
        <source>Accept new time</source>
        <translation>Принять новое время</translation>
    </message>
    <message>
        <source>Keep current time</source>
        <translation>Оставить прежнее время</translation>
    </message>
    <message>
        <source>Add to &amp;calendar…</source>
        <translation>Добавить в &amp;календарь…</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Показать:</translation>
    </message>
    <message>
        <source>&amp;Accept new time</source>
        <translation>&amp;Принять новое время</translation>
    </message>
    <message>
        <source>&amp;Keep current time</source>
        <translation>&amp;Оставить прежнее время</translation>
    </message>
    <message>
        <source>{name} proposes a new time for your consultation on {now}: {new}.</source>
        <translation>{name} предлагает новое время вашей консультации {now}: {new}.</translation>
    </message>
    <message>
        <source>New time proposed</source>
        <translation>Предложено новое время</translation>
    </message>
    <message>
        <source>{name} proposes to move your consultation on {when} to {new}.</source>
        <translation>{name} предлагает перенести вашу консультацию {when} на {new}.</translation>
    </message>
    <message>
        <source>Consultation agreed</source>
        <translation>Консультация подтверждена</translation>
    </message>
    <message>
        <source>{name} agreed to your consultation on {when}.</source>
        <translation>{name} подтверждает консультацию {when}.</translation>
    </message>
    <message>
        <source>Request declined</source>
        <translation>Заявка отклонена</translation>
    </message>
    <message>
        <source>{name} declined your request for {when}.</source>
        <translation>{name} отклоняет вашу заявку на {when}.</translation>
    </message>
    <message>
        <source>Consultation cancelled</source>
        <translation>Консультация отменена</translation>
    </message>
    <message>
        <source>{name} cancelled your consultation on {when}.</source>
        <translation>{name} отменяет консультацию {when}.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Отмена…</translation>
    </message>
    <message>
        <source>Your request was cancelled.</source>
        <translation>Ваша заявка отменена.</translation>
    </message>
    <message>
        <source>Moving…</source>
        <translation>Перенос…</translation>
    </message>
    <message>
        <source>Your request was moved to {when}.</source>
        <translation>Заявка перенесена на {when}.</translation>
    </message>
    <message>
        <source>Answering…</source>
        <translation>Отправка ответа…</translation>
    </message>
    <message>
        <source>Your consultation is now at {when}.</source>
        <translation>Консультация теперь {when}.</translation>
    </message>
    <message>
        <source>You kept the current time.</source>
        <translation>Вы оставили прежнее время.</translation>
    </message>
    <message>
        <source>Add to calendar</source>
        <translation>Добавить в календарь</translation>
    </message>
    <message>
        <source>Calendar files (*.ics)</source>
        <translation>Файлы календаря (*.ics)</translation>
    </message>
    <message>
        <source>Saved to {path}: open it to add it to your calendar.</source>
        <translation>Сохранено в {path}: откройте файл, чтобы добавить событие в календарь.</translation>
    </message>
</context>
<context>
    <name>ErrorCode</name>
    <message>
        <source>A slot cannot start and end at the same time.</source>
        <translation>Окно не может начинаться и заканчиваться в одно и то же время.</translation>
    </message>
    <message>
        <source>A slot must end after it starts.</source>
        <translation>Окно должно заканчиваться позже, чем начинается.</translation>
    </message>
    <message>
        <source>This time has already passed.</source>
        <translation>Это время уже прошло.</translation>
    </message>
    <message>
        <source>You already have a slot with exactly this start and end.</source>
        <translation>У вас уже есть окно с точно таким же началом и концом.</translation>
    </message>
    <message>
        <source>This consultation has already taken place.</source>
        <translation>Эта консультация уже состоялась.</translation>
    </message>
    <message>
        <source>The cost cannot be negative.</source>
        <translation>Стоимость не может быть отрицательной.</translation>
    </message>
    <message>
        <source>The cost has at most two decimal places.</source>
        <translation>В стоимости не больше двух знаков после запятой.</translation>
    </message>
    <message>
        <source>A time was sent without its time zone.</source>
        <translation>Время передано без часового пояса.</translation>
    </message>
    <message>
        <source>You cannot block yourself.</source>
        <translation>Нельзя заблокировать самого себя.</translation>
    </message>
    <message>
        <source>You cannot take away your own administrator role.</source>
        <translation>Нельзя снять с себя роль администратора.</translation>
    </message>
    <message>
        <source>You cannot deactivate yourself.</source>
        <translation>Нельзя деактивировать самого себя.</translation>
    </message>
    <message>
        <source>Wrong email or password.</source>
        <translation>Неверный адрес почты или пароль.</translation>
    </message>
    <message>
        <source>This account is blocked. Contact an administrator.</source>
        <translation>Эта учётная запись заблокирована. Обратитесь к администратору.</translation>
    </message>
    <message>
        <source>This session has ended: the password was changed or the sessions were ended. Sign in again.</source>
        <translation>Сеанс завершён: пароль был изменён или сеансы были завершены. Войдите снова.</translation>
    </message>
    <message>
        <source>Too many password reset requests. Try again in a few minutes.</source>
        <translation>Слишком много запросов на сброс пароля. Попробуйте через несколько минут.</translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation>Текущий пароль неверен.</translation>
    </message>
    <message>
        <source>The code is wrong or no longer valid. Ask for a new one.</source>
        <translation>Код неверен или больше не действует. Запросите новый.</translation>
    </message>
    <message>
        <source>This account is deactivated. Contact an administrator.</source>
        <translation>Эта учётная запись отключена. Обратитесь к администратору.</translation>
    </message>
    <message>
        <source>This account does not exist (any more).</source>
        <translation>Такой учётной записи нет (больше нет).</translation>
    </message>
    <message>
        <source>An account with this email already exists.</source>
        <translation>Учётная запись с таким адресом почты уже есть.</translation>
    </message>
    <message>
        <source>Another account already uses this phone number.</source>
        <translation>Этот номер телефона уже указан в другой учётной записи.</translation>
    </message>
    <message>
        <source>Your role does not allow this.</source>
        <translation>Ваша роль этого не позволяет.</translation>
    </message>
    <message>
        <source>Your sign-in is no longer valid. Please sign in again.</source>
        <translation>Вход больше не действителен. Войдите снова.</translation>
    </message>
    <message>
        <source>You are not signed in. Please sign in again.</source>
        <translation>Вы не вошли. Войдите снова.</translation>
    </message>
    <message>
        <source>Your session has expired. Please sign in again.</source>
        <translation>Сеанс истёк. Войдите снова.</translation>
    </message>
    <message>
        <source>The password does not follow the password rules.</source>
        <translation>Пароль не соответствует правилам.</translation>
    </message>
    <message>
        <source>This slot no longer exists, or you can no longer see it.</source>
        <translation>Этого окна больше нет, или оно вам больше не видно.</translation>
    </message>
    <message>
        <source>Someone else has just reserved this slot. Choose another time.</source>
        <translation>Это окно только что занял кто-то другой. Выберите другое время.</translation>
    </message>
    <message>
        <source>You have already reserved this slot.</source>
        <translation>Вы уже записались на это окно.</translation>
    </message>
    <message>
        <source>This consultation has already been agreed.</source>
        <translation>Эта консультация уже согласована.</translation>
    </message>
    <message>
        <source>There is no client&apos;s request on this slot (any more).</source>
        <translation>На это окно нет заявки клиента (больше нет).</translation>
    </message>
    <message>
        <source>The slot changed meanwhile; look at it again and retry.</source>
        <translation>Окно тем временем изменилось; посмотрите на него ещё раз и повторите.</translation>
    </message>
    <message>
        <source>It is already at this time.</source>
        <translation>Это и так в это время.</translation>
    </message>
    <message>
        <source>A request moves only to another time of the same specialist.</source>
        <translation>Заявку можно перенести только на другое время того же специалиста.</translation>
    </message>
    <message>
        <source>Choose the time to move to.</source>
        <translation>Выберите время, на которое перенести.</translation>
    </message>
    <message>
        <source>Only an agreed consultation can be given a new time.</source>
        <translation>Новое время можно предложить только для согласованной консультации.</translation>
    </message>
    <message>
        <source>A new time is already proposed; wait for the client&apos;s answer.</source>
        <translation>Новое время уже предложено; дождитесь ответа клиента.</translation>
    </message>
    <message>
        <source>There is no proposed new time to answer (any more).</source>
        <translation>Предложения нового времени (уже) нет.</translation>
    </message>
    <message>
        <source>This time is proposed to a client; wait for the answer.</source>
        <translation>Это время предложено клиенту; дождитесь ответа.</translation>
    </message>
    <message>
        <source>The change conflicts with the current data; look at it again and retry.</source>
        <translation>Изменение противоречит текущим данным; посмотрите ещё раз и повторите.</translation>
    </message>
    <message>
        <source>This slot starts too soon: the specialist takes requests only some time ahead.</source>
        <translation>Этот слот начинается слишком скоро: специалист принимает заявки только заранее.</translation>
    </message>
    <message>
        <source>This slot is too far ahead: the specialist does not take requests that early yet.</source>
        <translation>Этот слот слишком далеко: специалист пока не принимает заявки так заранее.</translation>
    </message>
    <message>
        <source>This slot is too close to another of the specialist&apos;s consultations (the specialist keeps a break between consultations).</source>
        <translation>Этот слот слишком близко к другой консультации специалиста (специалист оставляет перерыв между консультациями).</translation>
    </message>
    <message>
        <source>The specialist&apos;s day is full: no more consultations can be requested that day.</source>
        <translation>День специалиста заполнен: на этот день больше нельзя записаться.</translation>
    </message>
    <message>
        <source>You already have as many requests awaiting this specialist&apos;s answer as they allow; wait for an answer or cancel one.</source>
        <translation>У вас уже столько заявок, ожидающих ответа этого специалиста, сколько он допускает; дождитесь ответа или отмените одну.</translation>
    </message>
    <message>
        <source>Only specialists have booking rules.</source>
        <translation>Правила записи есть только у специалистов.</translation>
    </message>
    <message>
        <source>This email is no longer in the outbox.</source>
        <translation>Этого письма больше нет в очереди.</translation>
    </message>
    <message>
        <source>This email has already been sent.</source>
        <translation>Это письмо уже отправлено.</translation>
    </message>
    <message>
        <source>The local copy is too old to catch up; it is loaded again.</source>
        <translation>Локальная копия слишком устарела; она загружается заново.</translation>
    </message>
    <message>
        <source>The server does not know the local copy; it is loaded again.</source>
        <translation>Сервер не узнаёт локальную копию; она загружается заново.</translation>
    </message>
    <message>
        <source>The server did not answer in time. Check the connection and try again.</source>
        <translation>Сервер не ответил вовремя. Проверьте подключение и попробуйте снова.</translation>
    </message>
    <message>
        <source>The server sent an answer this application cannot read. Is it a Consultation Planner server of a matching version?</source>
        <translation>Сервер прислал ответ, который приложение не может прочитать. Это сервер «Планировщика консультаций» подходящей версии?</translation>
    </message>
    <message>
        <source>The server failed to handle the request. Try again later.</source>
        <translation>Сервер не смог обработать запрос. Попробуйте позже.</translation>
    </message>
    <message>
        <source>The server&apos;s database is busy or unreachable; try again shortly.</source>
        <translation>База данных сервера занята или недоступна; попробуйте чуть позже.</translation>
    </message>
    <message>
        <source>Enter the server address, e.g. http://planner.example.com:8000.</source>
        <translation>Введите адрес сервера, например http://planner.example.com:8000.</translation>
    </message>
    <message>
        <source>You are offline: the server cannot be reached, so this change was not made. Try again when the status bar shows Online.</source>
        <translation>Нет связи с сервером, поэтому изменение не сделано. Повторите, когда в строке состояния появится «В сети».</translation>
    </message>
    <message>
        <source>The specialist is not available at this time any more. Choose another time.</source>
        <translation>Специалист больше не свободен в это время. Выберите другое время.</translation>
    </message>
    <message>
        <source>The calendar server refused the user name or password.</source>
        <translation>Сервер календаря отклонил имя пользователя или пароль.</translation>
    </message>
    <message>
        <source>The calendar server could not be reached. Check the address.</source>
        <translation>Не удалось связаться с сервером календаря. Проверьте адрес.</translation>
    </message>
    <message>
        <source>Give the app password of this calendar account.</source>
        <translation>Укажите пароль приложения для этой учётной записи календаря.</translation>
    </message>
    <message>
        <source>That calendar is not one of this account&apos;s.</source>
        <translation>Этот календарь не принадлежит этой учётной записи.</translation>
    </message>
    <message>
        <source>No calendar is connected.</source>
        <translation>Календарь не подключён.</translation>
    </message>
    <message>
        <source>The end of the period must come after its start.</source>
        <translation>Конец периода должен быть позже его начала.</translation>
    </message>
    <message>
        <source>The calendar subscription is off.</source>
        <translation>Подписка на календарь выключена.</translation>
    </message>
    <message>
        <source>No such calendar subscription.</source>
        <translation>Такой подписки на календарь нет.</translation>
    </message>
    <message>
        <source>The server refused the request.</source>
        <translation>Сервер отклонил запрос.</translation>
    </message>
    <message>
        <source>The server could not accept the input.</source>
        <translation>Сервер не принял введённые данные.</translation>
    </message>
    <message>
        <source>You are not allowed to do this.</source>
        <translation>У вас нет на это прав.</translation>
    </message>
    <message>
        <source>This no longer exists, or you can no longer see it.</source>
        <translation>Этого больше нет, или вам это больше не видно.</translation>
    </message>
    <message>
        <source>This is no longer available.</source>
        <translation>Это больше недоступно.</translation>
    </message>
    <message>
        <source>Too many attempts. Wait a little and try again.</source>
        <translation>Слишком много попыток. Подождите немного и попробуйте снова.</translation>
    </message>
    <message>
        <source>The server cannot be reached.</source>
        <translation>Сервер недоступен.</translation>
    </message>
    <message>
        <source>This slot is awaiting your answer to a client&apos;s request; agree or decline it first.</source>
        <translation>Это окно ждёт вашего ответа на заявку клиента; сначала согласуйте или отклоните её.</translation>
    </message>
    <message>
        <source>This consultation is agreed; cancel it first to change it.</source>
        <translation>Эта консультация согласована; чтобы изменить её, сначала отмените.</translation>
    </message>
    <message>
        <source>Only free slots can be changed.</source>
        <translation>Изменять можно только свободные окна.</translation>
    </message>
    <message>
        <source>This time overlaps your slot {when}.</source>
        <translation>Это время пересекается с вашим окном {when}.</translation>
    </message>
    <message>
        <source>This time overlaps another of your slots.</source>
        <translation>Это время пересекается с другим вашим окном.</translation>
    </message>
    <message>
        <source>You already have a consultation at an overlapping time.</source>
        <translation>У вас уже есть консультация в пересекающееся время.</translation>
    </message>
    <message>
        <source>You already have a consultation at an overlapping time ({when}).</source>
        <translation>У вас уже есть консультация в пересекающееся время ({when}).</translation>
    </message>
    <message>
        <source>A slot lasts at least {minutes} min.</source>
        <translation>Окно длится не меньше {minutes} мин.</translation>
    </message>
    <message>
        <source>A slot lasts at most {hours} h.</source>
        <translation>Окно длится не больше {hours} ч.</translation>
    </message>
    <message>
        <source>The cost is too high.</source>
        <translation>Стоимость слишком велика.</translation>
    </message>
    <message>
        <source>The cost must be below {limit}.</source>
        <translation>Стоимость должна быть меньше {limit}.</translation>
    </message>
    <message>
        <source>Times must lie between the years {earliest} and {latest}.</source>
        <translation>Время должно быть между {earliest} и {latest} годами.</translation>
    </message>
    <message>
        <source>Too many failed sign-in attempts. Wait a few minutes and try again.</source>
        <translation>Слишком много неудачных попыток входа. Подождите несколько минут и попробуйте снова.</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} с</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} мин</translation>
    </message>
    <message>
        <source>Too many failed sign-in attempts. Try again in {wait}.</source>
        <translation>Слишком много неудачных попыток входа. Попробуйте снова через {wait}.</translation>
    </message>
    <message>
        <source>This user still has requests or agreed consultations to come ({requests} awaiting an answer, {agreed} agreed). Settle them before changing the role: an administrator can cancel each on the specialist&apos;s behalf, with a reason.</source>
        <translation>У пользователя ещё есть предстоящие заявки или согласованные консультации (ожидают ответа: {requests}, согласовано: {agreed}). Завершите их, прежде чем менять роль: администратор может отменить каждую от имени специалиста, указав причину.</translation>
    </message>
    <message>
        <source>The server at {url} cannot be reached.</source>
        <translation>Сервер {url} недоступен.</translation>
    </message>
    <message>
        <source>The server refused the request ({status}). Is it a Consultation Planner server of a matching version?</source>
        <translation>Сервер отклонил запрос ({status}). Это сервер «Планировщика консультаций» подходящей версии?</translation>
    </message>
</context>
<context>
    <name>FeedDialog</name>
    <message>
        <source>Calendar subscription</source>
        <translation>Подписка на календарь</translation>
    </message>
    <message>
        <source>Subscribe to this address in your calendar application to see your consultations there. Anyone who has it can read them: replace it if it was shared by mistake.</source>
        <translation>Подпишитесь на этот адрес в своём календаре, чтобы видеть там свои консультации. Любой, у кого есть адрес, может их прочитать: замените его, если он попал не к тем людям.</translation>
    </message>
    <message>
        <source>Subscription address</source>
        <translation>Адрес подписки</translation>
    </message>
    <message>
        <source>The subscription is off.</source>
        <translation>Подписка выключена.</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Копировать</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>&amp;Заменить</translation>
    </message>
    <message>
        <source>A new address; the old one stops working</source>
        <translation>Новый адрес; старый перестанет работать</translation>
    </message>
    <message>
        <source>Turn &amp;off</source>
        <translation>&amp;Выключить</translation>
    </message>
    <message>
        <source>Turn &amp;on</source>
        <translation>В&amp;ключить</translation>
    </message>
</context>
<context>
    <name>FieldProblem</name>
    <message>
        <source>First name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <source>Middle name</source>
        <translation>Отчество</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Почта</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Часовой пояс</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Начало</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Конец</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Тема</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Стоимость</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Комментарий</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>Дни</translation>
    </message>
    <message>
        <source>Weeks</source>
        <translation>Недели</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Сотрудник</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Активен</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Заблокирован</translation>
    </message>
    <message>
        <source>at least {count} characters</source>
        <translation>не меньше {count} символов</translation>
    </message>
    <message>
        <source>at most {count} characters</source>
        <translation>не больше {count} символов</translation>
    </message>
    <message>
        <source>a lowercase Latin letter (a–z)</source>
        <translation>строчная латинская буква (a–z)</translation>
    </message>
    <message>
        <source>a digit (0–9)</source>
        <translation>цифра (0–9)</translation>
    </message>
    <message>
        <source>The password does not follow the password rules.</source>
        <translation>Пароль не соответствует правилам.</translation>
    </message>
    <message>
        <source>The password still needs {what}.</source>
        <translation>В пароле ещё нужно: {what}.</translation>
    </message>
    <message>
        <source>Enter the first name.</source>
        <translation>Введите имя.</translation>
    </message>
    <message>
        <source>Enter the last name.</source>
        <translation>Введите фамилию.</translation>
    </message>
    <message>
        <source>Enter an email address.</source>
        <translation>Введите адрес почты.</translation>
    </message>
    <message>
        <source>Enter a password.</source>
        <translation>Введите пароль.</translation>
    </message>
    <message>
        <source>{field}: this field is required.</source>
        <translation>{field}: обязательное поле.</translation>
    </message>
    <message>
        <source>Enter an email address such as name@example.com.</source>
        <translation>Введите адрес почты вида name@example.com.</translation>
    </message>
    <message>
        <source>Enter a phone number: 3 to 32 digits, spaces, brackets or dashes, with an optional + first, e.g. +7 900 000-00-00.</source>
        <translation>Введите номер телефона: от 3 до 32 цифр, пробелов, скобок или дефисов, в начале можно +, например +7 900 000-00-00.</translation>
    </message>
    <message>
        <source>Enter a cost from 0 to below {limit}, with at most two decimals.</source>
        <translation>Введите стоимость от 0 и меньше {limit}, не больше двух знаков после запятой.</translation>
    </message>
    <message>
        <source>{field}: enter a date and time between the years {earliest} and {latest}.</source>
        <translation>{field}: введите дату и время между {earliest} и {latest} годами.</translation>
    </message>
    <message>
        <source>Choose client or specialist.</source>
        <translation>Выберите: клиент или специалист.</translation>
    </message>
    <message>
        <source>This time zone is not known; choose one from the list.</source>
        <translation>Такой часовой пояс неизвестен; выберите из списка.</translation>
    </message>
    <message>
        <source>{field}: at most {count} characters.</source>
        <translation>{field}: не длиннее {count} симв.</translation>
    </message>
    <message>
        <source>{field} contains a character that cannot be used.</source>
        <translation>{field}: содержит недопустимый символ.</translation>
    </message>
    <message>
        <source>{field}: this value cannot be used.</source>
        <translation>{field}: такое значение не подходит.</translation>
    </message>
</context>
<context>
    <name>ForgotPasswordDialog</name>
    <message>
        <source>Forgot password</source>
        <translation>Восстановление пароля</translation>
    </message>
    <message>
        <source>Enter the email of your account. We will email you a code to set a new password.</source>
        <translation>Введите адрес электронной почты вашей учётной записи. Мы отправим на него код для установки нового пароля.</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;Эл. почта:</translation>
    </message>
    <message>
        <source>&amp;Send the code</source>
        <translation>&amp;Отправить код</translation>
    </message>
    <message>
        <source>&amp;Code:</source>
        <translation>&amp;Код:</translation>
    </message>
    <message>
        <source>Set the &amp;new password</source>
        <translation>Установить &amp;новый пароль</translation>
    </message>
    <message>
        <source>Send &amp;another code</source>
        <translation>Отправить &amp;другой код</translation>
    </message>
    <message>
        <source>Enter your email.</source>
        <translation>Введите адрес электронной почты.</translation>
    </message>
    <message>
        <source>Asking for a code…</source>
        <translation>Запрашиваем код…</translation>
    </message>
    <message>
        <source>If an account with the email {email} exists, a code has been sent to it. Enter it below with your new password; it is valid for 30 minutes.</source>
        <translation>Если учётная запись с адресом {email} существует, на него отправлен код. Введите его ниже вместе с новым паролем; код действует 30 минут.</translation>
    </message>
    <message>
        <source>This computer&apos;s built-in server sends no real email: its messages are saved as .eml files in {folder} — open the newest one to read the code.</source>
        <translation>Встроенный сервер этого компьютера не отправляет настоящих писем: они сохраняются как файлы .eml в папке {folder} — откройте самый новый, чтобы прочитать код.</translation>
    </message>
    <message>
        <source>Enter the code from the email.</source>
        <translation>Введите код из письма.</translation>
    </message>
    <message>
        <source>Setting the new password…</source>
        <translation>Устанавливаем новый пароль…</translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <source>Move your request</source>
        <translation>Перенос заявки</translation>
    </message>
    <message>
        <source>Your request to {name} is for {when}. Choose another free time of the same specialist:</source>
        <translation>Ваша заявка к специалисту {name}: {when}. Выберите другое свободное время этого же специалиста:</translation>
    </message>
    <message>
        <source>Your request</source>
        <translation>Ваша заявка</translation>
    </message>
    <message>
        <source>‹ Previous week</source>
        <translation>‹ Предыдущая неделя</translation>
    </message>
    <message>
        <source>Next week ›</source>
        <translation>Следующая неделя ›</translation>
    </message>
    <message>
        <source>&amp;Move here</source>
        <translation>&amp;Перенести сюда</translation>
    </message>
</context>
<context>
    <name>MoveProposer</name>
    <message>
        <source>New time proposed: {when}</source>
        <translation>Предложено новое время: {when}</translation>
    </message>
    <message>
        <source>Proposed to {name} · awaiting the answer</source>
        <translation>Предложено: {name} · ждёт ответа</translation>
    </message>
    <message>
        <source>Only an agreed consultation can be given a new time.</source>
        <translation>Новое время можно предложить только для согласованной консультации.</translation>
    </message>
    <message>
        <source>A new time is already proposed; wait for the client&apos;s answer.</source>
        <translation>Новое время уже предложено; дождитесь ответа клиента.</translation>
    </message>
    <message>
        <source>the client</source>
        <translation>клиенту</translation>
    </message>
    <message>
        <source>Propose a new time</source>
        <translation>Предложить новое время</translation>
    </message>
    <message>
        <source>Propose this new time to {name}?</source>
        <translation>Предложить это новое время: {name}?</translation>
    </message>
    <message>
        <source>&amp;Propose</source>
        <translation>&amp;Предложить</translation>
    </message>
    <message>
        <source>Now: {when}</source>
        <translation>Сейчас: {when}</translation>
    </message>
    <message>
        <source>Proposed: {when}</source>
        <translation>Предлагается: {when}</translation>
    </message>
    <message>
        <source>The consultation stays as agreed until {name} answers.</source>
        <translation>До ответа ({name}) консультация остаётся в согласованное время.</translation>
    </message>
    <message>
        <source>New time proposed to {name}.</source>
        <translation>Новое время предложено: {name}.</translation>
    </message>
</context>
<context>
    <name>OutboxPanel</name>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Обновить</translation>
    </message>
    <message>
        <source>Re&amp;try</source>
        <translation>Повто&amp;рить</translation>
    </message>
    <message>
        <source>Send the selected email again now</source>
        <translation>Отправить выбранное письмо ещё раз сейчас</translation>
    </message>
    <message>
        <source>No email is waiting or failed.</source>
        <translation>Нет писем, ожидающих отправки или с ошибкой.</translation>
    </message>
    <message numerus="yes">
        <source>%n email(s) waiting or failed.</source>
        <translation>
            <numerusform>%n письмо ждёт отправки или не отправлено.</numerusform>
            <numerusform>%n письма ждут отправки или не отправлены.</numerusform>
            <numerusform>%n писем ждут отправки или не отправлены.</numerusform>
        </translation>
    </message>
    <message>
        <source>This server does not offer an outbox view, so pending and failed emails cannot be listed here.</source>
        <translation>Этот сервер не показывает исходящие письма, поэтому ожидающие и неотправленные письма здесь не перечислить.</translation>
    </message>
    <message>
        <source>Email {id} will be sent again now.</source>
        <translation>Письмо {id} сейчас будет отправлено повторно.</translation>
    </message>
</context>
<context>
    <name>OutboxTableModel</name>
    <message>
        <source>Pending</source>
        <translation>Ожидает</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Отправлено</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Ошибка</translation>
    </message>
    <message>
        <source>New request</source>
        <translation>Новая заявка</translation>
    </message>
    <message>
        <source>Agreed</source>
        <translation>Согласовано</translation>
    </message>
    <message>
        <source>Request declined</source>
        <translation>Заявка отклонена</translation>
    </message>
    <message>
        <source>Cancelled by the specialist</source>
        <translation>Отменено специалистом</translation>
    </message>
    <message>
        <source>Cancelled by the client</source>
        <translation>Отменено клиентом</translation>
    </message>
    <message>
        <source>Declined by an administrator</source>
        <translation>Отклонено администратором</translation>
    </message>
    <message>
        <source>Cancelled by an administrator</source>
        <translation>Отменено администратором</translation>
    </message>
    <message>
        <source>Request moved</source>
        <translation>Заявка перенесена</translation>
    </message>
    <message>
        <source>New time proposed</source>
        <translation>Предложено новое время</translation>
    </message>
    <message>
        <source>New time accepted</source>
        <translation>Новое время принято</translation>
    </message>
    <message>
        <source>New time declined</source>
        <translation>Новое время отклонено</translation>
    </message>
    <message>
        <source>Rescheduled</source>
        <translation>Перенесено</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>Напоминание</translation>
    </message>
    <message>
        <source>Password reset code</source>
        <translation>Код сброса пароля</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Кому</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Тема</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Попытки</translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation>Следующая попытка</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Последняя ошибка</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Создано</translation>
    </message>
    <message>
        <source>user {id}</source>
        <translation>пользователь {id}</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Cancel the consultation</source>
        <translation>Отменить консультацию</translation>
    </message>
    <message>
        <source>Decline the request</source>
        <translation>Отклонить заявку</translation>
    </message>
    <message>
        <source>the client</source>
        <translation>клиент</translation>
    </message>
    <message>
        <source>Cancel the agreed consultation with {who} on {when}? They are told by email.</source>
        <translation>Отменить согласованную консультацию ({who}, {when})? Клиент получит письмо.</translation>
    </message>
    <message>
        <source>Decline {who}&apos;s request for {when}? They are told by email, and the time becomes free again.</source>
        <translation>Отклонить заявку ({who}, {when})? Клиент получит письмо, а время снова станет свободным.</translation>
    </message>
    <message>
        <source>Optional comment for the client</source>
        <translation>Комментарий для клиента (необязательно)</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Причина:</translation>
    </message>
    <message>
        <source>C&amp;omment:</source>
        <translation>&amp;Комментарий:</translation>
    </message>
    <message>
        <source>&amp;Keep it</source>
        <translation>&amp;Оставить</translation>
    </message>
    <message>
        <source>Cost: {cost}</source>
        <translation>Стоимость: {cost}</translation>
    </message>
</context>
<context>
    <name>RequestsPanel</name>
    <message>
        <source>&amp;Agree</source>
        <translation>&amp;Подтвердить</translation>
    </message>
    <message>
        <source>&amp;Decline…</source>
        <translation>&amp;Отклонить…</translation>
    </message>
    <message>
        <source>Ca&amp;ncel consultation…</source>
        <translation>О&amp;тменить консультацию…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Awaiting your answer&lt;/b&gt; ({count})</source>
        <translation>&lt;b&gt;Ждут вашего ответа&lt;/b&gt; ({count})</translation>
    </message>
    <message>
        <source>&lt;b&gt;Agreed, ahead&lt;/b&gt; ({count})</source>
        <translation>&lt;b&gt;Согласованы, впереди&lt;/b&gt; ({count})</translation>
    </message>
    <message>
        <source>A client</source>
        <translation>Клиент</translation>
    </message>
</context>
<context>
    <name>SeriesDialog</name>
    <message>
        <source>Repeat a slot</source>
        <translation>Повтор окна</translation>
    </message>
    <message>
        <source>Repeat {when} on these days:</source>
        <translation>Повторять {when} в эти дни:</translation>
    </message>
    <message>
        <source> weeks</source>
        <translation> нед.</translation>
    </message>
    <message>
        <source>Days:</source>
        <translation>Дни:</translation>
    </message>
    <message>
        <source>&amp;For:</source>
        <translation>&amp;На:</translation>
    </message>
    <message>
        <source>&amp;Context:</source>
        <translation>&amp;Тема:</translation>
    </message>
    <message>
        <source>C&amp;ost:</source>
        <translation>Сто&amp;имость:</translation>
    </message>
    <message>
        <source>C&amp;reate series</source>
        <translation>&amp;Создать серию</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>You are offline: the server cannot be reached, so this change was not made. Try again when the status bar shows Online.</source>
        <translation>Нет связи с сервером, поэтому изменение не сделано. Повторите, когда в строке состояния появится «В сети».</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <source>&amp;Account</source>
        <translation>&amp;Учётная запись</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>В&amp;ыйти</translation>
    </message>
    <message>
        <source>S&amp;witch server…</source>
        <translation>&amp;Сменить сервер…</translation>
    </message>
    <message>
        <source>&amp;Reconnect now</source>
        <translation>&amp;Подключиться сейчас</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Завершить</translation>
    </message>
    <message>
        <source>&amp;Change password…</source>
        <translation>&amp;Сменить пароль…</translation>
    </message>
    <message>
        <source>Calendar &amp;subscription…</source>
        <translation>&amp;Подписка на календарь…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>&amp;About Consultation Planner</source>
        <translation>&amp;О программе «Планировщик консультаций»</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>администратор</translation>
    </message>
    <message>
        <source>specialist</source>
        <translation>специалист</translation>
    </message>
    <message>
        <source>client</source>
        <translation>клиент</translation>
    </message>
    <message>
        <source>built-in server</source>
        <translation>встроенный сервер</translation>
    </message>
    <message>
        <source>{part} — {name} — Consultation Planner</source>
        <translation>{part} — {name} — Планировщик консультаций</translation>
    </message>
    <message>
        <source>{name} ({role}) on {server}</source>
        <translation>{name} ({role}), {server}</translation>
    </message>
    <message>
        <source>Server: {url}</source>
        <translation>Сервер: {url}</translation>
    </message>
    <message>
        <source>The built-in server runs on this computer at {url} (the same address at every start). Another desktop on this computer reaches it with: planner --server {url}</source>
        <translation>Встроенный сервер работает на этом компьютере по адресу {url} (адрес не меняется от запуска к запуску). Другой экземпляр программы на этом компьютере подключается к нему командой: planner --server {url}</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Подключение…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>В сети</translation>
    </message>
    <message>
        <source>Changes appear as they happen.</source>
        <translation>Изменения появляются сразу.</translation>
    </message>
    <message>
        <source>Offline — showing the last known data</source>
        <translation>Нет связи — показаны последние известные данные</translation>
    </message>
    <message>
        <source>The server cannot be reached ({why}). Reconnecting automatically; changes cannot be made meanwhile.</source>
        <translation>Сервер недоступен ({why}). Подключение повторяется автоматически; до тех пор изменения невозможны.</translation>
    </message>
    <message>
        <source>Password changed. Other computers signed in to this account are signed out.</source>
        <translation>Пароль изменён. На других компьютерах эта учётная запись вышла из системы.</translation>
    </message>
    <message>
        <source>About Consultation Planner</source>
        <translation>О программе «Планировщик консультаций»</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Consultation Planner {version}&lt;/h3&gt;&lt;p&gt;Clients book consultations with specialists; specialists keep their schedule; administrators manage the accounts.&lt;/p&gt;&lt;p&gt;Connected to: {server}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Планировщик консультаций {version}&lt;/h3&gt;&lt;p&gt;Клиенты записываются на консультации к специалистам; специалисты ведут своё расписание; администраторы управляют учётными записями.&lt;/p&gt;&lt;p&gt;Сервер: {server}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Server version: {version}&lt;/p&gt;</source>
        <translation>&lt;p&gt;Версия сервера: {version}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>неизвестна</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Consultation Planner — sign in</source>
        <translation>Планировщик консультаций — вход</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Consultation Planner&lt;/h2&gt;&lt;p&gt;Book consultations with specialists, or offer your own.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Планировщик консультаций&lt;/h2&gt;&lt;p&gt;Записывайтесь на консультации к специалистам или проводите свои.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Вход</translation>
    </message>
    <message>
        <source>&amp;Register</source>
        <translation>&amp;Регистрация</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Сервер</translation>
    </message>
    <message>
        <source>&amp;This computer (built-in server)</source>
        <translation>&amp;Этот компьютер (встроенный сервер)</translation>
    </message>
    <message>
        <source>Team server &amp;at:</source>
        <translation>Сервер &amp;команды:</translation>
    </message>
    <message>
        <source>Re&amp;member me on this computer</source>
        <translation>&amp;Запомнить меня на этом компьютере</translation>
    </message>
    <message>
        <source>Sign &amp;in</source>
        <translation>Во&amp;йти</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>Э&amp;л. почта:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Пароль:</translation>
    </message>
    <message>
        <source>&amp;Forgot password?</source>
        <translation>&amp;Забыли пароль?</translation>
    </message>
    <message>
        <source>I want to book consultations (&amp;client)</source>
        <translation>Хочу записываться на консультации (к&amp;лиент)</translation>
    </message>
    <message>
        <source>I give consultations (s&amp;pecialist)</source>
        <translation>Провожу консультации (с&amp;пециалист)</translation>
    </message>
    <message>
        <source>optional, e.g. +44 20 7946 0000</source>
        <translation>необязательно, например +7 900 000-00-00</translation>
    </message>
    <message>
        <source>Create &amp;account</source>
        <translation>&amp;Создать учётную запись</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>Роль:</translation>
    </message>
    <message>
        <source>First name:</source>
        <translation>Имя:</translation>
    </message>
    <message>
        <source>Last name:</source>
        <translation>Фамилия:</translation>
    </message>
    <message>
        <source>Middle name:</source>
        <translation>Отчество:</translation>
    </message>
    <message>
        <source>Email:</source>
        <translation>Эл. почта:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Телефон:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <source>Demo accounts (click one to fill it in)</source>
        <translation>Демонстрационные учётные записи (щёлкните, чтобы подставить)</translation>
    </message>
    <message>
        <source>Every demo account has the password &lt;b&gt;{password}&lt;/b&gt;.</source>
        <translation>Пароль у всех демонстрационных записей: &lt;b&gt;{password}&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>администратор</translation>
    </message>
    <message>
        <source>specialist</source>
        <translation>специалист</translation>
    </message>
    <message>
        <source>client</source>
        <translation>клиент</translation>
    </message>
    <message>
        <source>Starting the built-in server…</source>
        <translation>Запуск встроенного сервера…</translation>
    </message>
    <message>
        <source>Checking {url}…</source>
        <translation>Проверка {url}…</translation>
    </message>
    <message>
        <source>The server at {url} answers.</source>
        <translation>Сервер по адресу {url} отвечает.</translation>
    </message>
    <message>
        <source>No server answers at {url}: check the address and your connection.</source>
        <translation>По адресу {url} сервер не отвечает: проверьте адрес и подключение.</translation>
    </message>
    <message>
        <source>Built-in server ready ({url}).</source>
        <translation>Встроенный сервер готов ({url}).</translation>
    </message>
    <message>
        <source>This system has no keyring to keep your sign-in safely, so it will not be remembered: you will enter your password next time.</source>
        <translation>В этой системе нет хранилища ключей, где вход можно было бы надёжно сохранить, поэтому он не будет запомнен: в следующий раз введите пароль снова.</translation>
    </message>
    <message>
        <source>Your new password is set. Sign in with it.</source>
        <translation>Новый пароль установлен. Войдите с ним.</translation>
    </message>
    <message>
        <source>Enter your email and password.</source>
        <translation>Введите адрес эл. почты и пароль.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Вход…</translation>
    </message>
    <message>
        <source>Creating your account…</source>
        <translation>Создание учётной записи…</translation>
    </message>
    <message>
        <source>Signing in as {email}…</source>
        <translation>Вход как {email}…</translation>
    </message>
    <message>
        <source>This account was blocked by an administrator, so you were signed out. Contact an administrator to have it unblocked.</source>
        <translation>Эта учётная запись заблокирована администратором, поэтому вы вышли из неё. Чтобы её разблокировать, обратитесь к администратору.</translation>
    </message>
    <message>
        <source>Your sign-in has expired. Please sign in again.</source>
        <translation>Срок действия входа истёк. Войдите снова.</translation>
    </message>
    <message>
        <source>An account with this email already exists. Sign in instead.</source>
        <translation>Учётная запись с таким адресом уже есть. Войдите в неё.</translation>
    </message>
    <message>
        <source>The server cannot be reached. Check the address and your connection, then try again.</source>
        <translation>Сервер недоступен. Проверьте адрес и подключение и повторите попытку.</translation>
    </message>
    <message>
        <source>Your saved sign-in has expired. Please sign in again.</source>
        <translation>Сохранённый вход истёк. Войдите снова.</translation>
    </message>
</context>
<context>
    <name>SlotForm</name>
    <message>
        <source>Edit slot</source>
        <translation>Изменение окна</translation>
    </message>
    <message>
        <source>New slot</source>
        <translation>Новое окно</translation>
    </message>
    <message>
        <source>What the consultation is about</source>
        <translation>О чём консультация</translation>
    </message>
    <message>
        <source>The cost must be below {limit}.</source>
        <translation>Стоимость должна быть меньше {limit}.</translation>
    </message>
    <message>
        <source>&amp;Starts:</source>
        <translation>&amp;Начало:</translation>
    </message>
    <message>
        <source>&amp;Ends:</source>
        <translation>&amp;Конец:</translation>
    </message>
    <message>
        <source>&amp;Context:</source>
        <translation>&amp;Тема:</translation>
    </message>
    <message>
        <source>C&amp;ost:</source>
        <translation>Сто&amp;имость:</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Сохранить</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Создать</translation>
    </message>
</context>
<context>
    <name>SlotOps</name>
    <message>
        <source>This slot is no longer there.</source>
        <translation>Этого окна больше нет.</translation>
    </message>
    <message>
        <source>Slot created.</source>
        <translation>Окно создано.</translation>
    </message>
    <message>
        <source>Undo new slot</source>
        <translation>Откатить создание окна</translation>
    </message>
    <message>
        <source>Slot changed.</source>
        <translation>Окно изменено.</translation>
    </message>
    <message>
        <source>Undo change</source>
        <translation>Откатить изменение</translation>
    </message>
    <message>
        <source>Slot deleted. Ctrl+Z brings it back.</source>
        <translation>Окно удалено. Ctrl+Z вернёт его.</translation>
    </message>
    <message>
        <source>Slot deleted.</source>
        <translation>Окно удалено.</translation>
    </message>
    <message>
        <source>Undo delete</source>
        <translation>Откатить удаление</translation>
    </message>
    <message>
        <source>Undo series</source>
        <translation>Откатить серию</translation>
    </message>
    <message numerus="yes">
        <source>%n slot(s) of the series removed.</source>
        <translation>
            <numerusform>Удалено %n окно серии.</numerusform>
            <numerusform>Удалено %n окна серии.</numerusform>
            <numerusform>Удалено %n окон серии.</numerusform>
        </translation>
    </message>
    <message>
        <source>Agreed: {who} is told by email.</source>
        <translation>Подтверждено: {who} получит письмо.</translation>
    </message>
    <message>
        <source>Done: the client is told by email, and the time is free again.</source>
        <translation>Готово: клиент получит письмо, время снова свободно.</translation>
    </message>
</context>
<context>
    <name>SlotTableModel</name>
    <message>
        <source>Specialist</source>
        <translation>Специалист</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>Минуты</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Тема</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Стоимость</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Reserving…</source>
        <translation>Запись…</translation>
    </message>
    <message>
        <source>{status} (yours)</source>
        <translation>{status} (ваше)</translation>
    </message>
</context>
<context>
    <name>SpecialistListModel</name>
    <message>
        <source>All specialists ({count} free)</source>
        <translation>Все специалисты (свободно: {count})</translation>
    </message>
    <message>
        <source>no description</source>
        <translation>без описания</translation>
    </message>
</context>
<context>
    <name>SpecialistWindow</name>
    <message>
        <source>&amp;Today</source>
        <translation>&amp;Сегодня</translation>
    </message>
    <message>
        <source>&amp;Previous week</source>
        <translation>&amp;Предыдущая неделя</translation>
    </message>
    <message>
        <source>&amp;Next week</source>
        <translation>С&amp;ледующая неделя</translation>
    </message>
    <message>
        <source>&amp;Go to date…</source>
        <translation>Перейти к &amp;дате…</translation>
    </message>
    <message>
        <source>New &amp;slot…</source>
        <translation>&amp;Новое окно…</translation>
    </message>
    <message>
        <source>A slot over the selected time</source>
        <translation>Окно на выбранное время</translation>
    </message>
    <message>
        <source>New se&amp;ries…</source>
        <translation>Новая се&amp;рия…</translation>
    </message>
    <message>
        <source>Repeat the selected time on weekdays for some weeks</source>
        <translation>Повторять выбранное время по дням недели несколько недель</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Откатить</translation>
    </message>
    <message>
        <source>Booking &amp;rules…</source>
        <translation>Правила &amp;записи…</translation>
    </message>
    <message>
        <source>Buffers, notice, horizon and limits for clients&apos; requests</source>
        <translation>Перерывы, сроки, горизонт и ограничения для заявок клиентов</translation>
    </message>
    <message>
        <source>Calendar &amp;keys…</source>
        <translation>&amp;Клавиши календаря…</translation>
    </message>
    <message>
        <source>All the calendar&apos;s keys and gestures</source>
        <translation>Все клавиши и жесты календаря</translation>
    </message>
    <message>
        <source>Connect a c&amp;alendar…</source>
        <translation>Подключить &amp;календарь…</translation>
    </message>
    <message>
        <source>Your own calendar (CalDAV): its busy times keep slots from being booked, and agreed consultations are written to it</source>
        <translation>Ваш собственный календарь: его занятое время не даёт бронировать слоты, а согласованные консультации записываются в него</translation>
    </message>
    <message>
        <source>S&amp;ync my calendar now</source>
        <translation>&amp;Синхронизировать мой календарь</translation>
    </message>
    <message>
        <source>Go to the week of this date</source>
        <translation>Перейти к неделе этой даты</translation>
    </message>
    <message>
        <source>Go to date</source>
        <translation>Переход к дате</translation>
    </message>
    <message>
        <source>Undo move</source>
        <translation>Откатить перенос</translation>
    </message>
    <message>
        <source>Undo resize</source>
        <translation>Откатить изменение длительности</translation>
    </message>
    <message>
        <source>My calendar</source>
        <translation>Мой календарь</translation>
    </message>
    <message>
        <source>&amp;Calendar</source>
        <translation>&amp;Календарь</translation>
    </message>
    <message>
        <source>Week {number}: {first} – {last}</source>
        <translation>Неделя {number}: {first} – {last}</translation>
    </message>
    <message>
        <source>Booking rules saved. Requests and consultations you already have stay as they are.</source>
        <translation>Правила записи сохранены. Уже имеющиеся заявки и консультации остаются как есть.</translation>
    </message>
    <message>
        <source>Calendar keys and gestures</source>
        <translation>Клавиши и жесты календаря</translation>
    </message>
    <message>
        <source>You have {title} then.</source>
        <translation>В это время у вас: {title}.</translation>
    </message>
    <message>
        <source>something</source>
        <translation>другое дело</translation>
    </message>
    <message>
        <source>Undo edit</source>
        <translation>Откатить правку</translation>
    </message>
    <message>
        <source>Select a time first (drag, or arrows and Shift+arrows).</source>
        <translation>Сначала выберите время (протяните мышью или стрелками с Shift).</translation>
    </message>
    <message numerus="yes">
        <source>%n slot(s) created.</source>
        <translation>
            <numerusform>Создано %n окно.</numerusform>
            <numerusform>Создано %n окна.</numerusform>
            <numerusform>Создано %n окон.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n could not be created:</source>
        <translation>
            <numerusform>%n не удалось создать:</numerusform>
            <numerusform>%n не удалось создать:</numerusform>
            <numerusform>%n не удалось создать:</numerusform>
        </translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Серия</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Изменить…</translation>
    </message>
    <message>
        <source>&amp;Repeat as a series…</source>
        <translation>&amp;Повторить серией…</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Удалить</translation>
    </message>
    <message>
        <source>&amp;Agree</source>
        <translation>&amp;Подтвердить</translation>
    </message>
    <message>
        <source>&amp;Decline…</source>
        <translation>&amp;Отклонить…</translation>
    </message>
    <message>
        <source>&amp;Cancel consultation…</source>
        <translation>О&amp;тменить консультацию…</translation>
    </message>
    <message>
        <source>Completed — nothing to change</source>
        <translation>Состоялась — изменить нельзя</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Free</source>
        <translation>Свободно</translation>
    </message>
    <message>
        <source>Awaiting approval</source>
        <translation>Ждёт ответа</translation>
    </message>
    <message>
        <source>Agreed</source>
        <translation>Согласовано</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Завершено</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Отклонено</translation>
    </message>
    <message>
        <source>Cancelled by you</source>
        <translation>Отменено вами</translation>
    </message>
    <message>
        <source>Cancelled by the specialist</source>
        <translation>Отменено специалистом</translation>
    </message>
    <message>
        <source>Moved</source>
        <translation>Перенесено</translation>
    </message>
</context>
<context>
    <name>StatusLegend</name>
    <message>
        <source>Slot status legend</source>
        <translation>Условные обозначения статусов</translation>
    </message>
</context>
<context>
    <name>UserFormDialog</name>
    <message>
        <source>Edit user {name}</source>
        <translation>Изменение пользователя {name}</translation>
    </message>
    <message>
        <source>&amp;Staff</source>
        <translation>&amp;Сотрудник</translation>
    </message>
    <message>
        <source>A&amp;ctive (may sign in)</source>
        <translation>&amp;Активен (может входить)</translation>
    </message>
    <message>
        <source>&amp;Blocked</source>
        <translation>&amp;Заблокирован</translation>
    </message>
    <message>
        <source>ID:</source>
        <translation>№:</translation>
    </message>
    <message>
        <source>Email:</source>
        <translation>Эл. почта:</translation>
    </message>
    <message>
        <source>&amp;First name:</source>
        <translation>&amp;Имя:</translation>
    </message>
    <message>
        <source>&amp;Middle name:</source>
        <translation>&amp;Отчество:</translation>
    </message>
    <message>
        <source>&amp;Last name:</source>
        <translation>&amp;Фамилия:</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>&amp;Телефон:</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>&amp;Роль:</translation>
    </message>
</context>
<context>
    <name>UserTableModel</name>
    <message>
        <source>ID</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Middle name</source>
        <translation>Отчество</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Эл. почта</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Штат</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Активен</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Заблокирован</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Создан</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Администратор</translation>
    </message>
    <message>
        <source>Specialist</source>
        <translation>Специалист</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <source>Saving… this change is not on the server yet.</source>
        <translation>Сохранение… на сервере этого изменения ещё нет.</translation>
    </message>
    <message>
        <source>Blocked: this user cannot sign in.</source>
        <translation>Заблокирован: этот пользователь не может войти.</translation>
    </message>
    <message>
        <source>saving</source>
        <translation>сохраняется</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>заблокирован</translation>
    </message>
</context>
<context>
    <name>WeekHelp</name>
    <message>
        <source>Drag over empty time</source>
        <translation>Протянуть по свободному времени</translation>
    </message>
    <message>
        <source>Draft a slot in 15-minute steps (5 with Shift)</source>
        <translation>Наметить окно с шагом 15 минут (5 — с Shift)</translation>
    </message>
    <message>
        <source>Double-click empty time</source>
        <translation>Двойной щелчок по свободному времени</translation>
    </message>
    <message>
        <source>Draft a slot there</source>
        <translation>Наметить там окно</translation>
    </message>
    <message>
        <source>Drag a free slot</source>
        <translation>Перетащить свободное окно</translation>
    </message>
    <message>
        <source>Move it, also to another day</source>
        <translation>Перенести его, в том числе на другой день</translation>
    </message>
    <message>
        <source>Drag its top or bottom edge</source>
        <translation>Потянуть за верхний или нижний край</translation>
    </message>
    <message>
        <source>Resize it</source>
        <translation>Изменить длительность</translation>
    </message>
    <message>
        <source>Double-click a slot</source>
        <translation>Двойной щелчок по окну</translation>
    </message>
    <message>
        <source>Open it</source>
        <translation>Открыть его</translation>
    </message>
    <message>
        <source>Right-click</source>
        <translation>Правый щелчок</translation>
    </message>
    <message>
        <source>The menu of a slot or of the time</source>
        <translation>Меню окна или времени</translation>
    </message>
    <message>
        <source>Arrows</source>
        <translation>Стрелки</translation>
    </message>
    <message>
        <source>Move the time cursor</source>
        <translation>Двигать курсор времени</translation>
    </message>
    <message>
        <source>Shift+Up / Shift+Down</source>
        <translation>Shift+Вверх / Shift+Вниз</translation>
    </message>
    <message>
        <source>Extend the time cursor</source>
        <translation>Растянуть курсор времени</translation>
    </message>
    <message>
        <source>Home / Ctrl+Home</source>
        <translation>Home / Ctrl+Home</translation>
    </message>
    <message>
        <source>Start of the working day / of the week</source>
        <translation>Начало рабочего дня / недели</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Draft a slot at the cursor; open the selected slot</source>
        <translation>Наметить окно у курсора; открыть выбранное окно</translation>
    </message>
    <message>
        <source>Tab / Shift+Tab</source>
        <translation>Tab / Shift+Tab</translation>
    </message>
    <message>
        <source>Next / previous slot</source>
        <translation>Следующее / предыдущее окно</translation>
    </message>
    <message>
        <source>Alt+arrows</source>
        <translation>Alt+стрелки</translation>
    </message>
    <message>
        <source>Move the selected slot</source>
        <translation>Перенести выбранное окно</translation>
    </message>
    <message>
        <source>Alt+Shift+Up / Down</source>
        <translation>Alt+Shift+Вверх / Вниз</translation>
    </message>
    <message>
        <source>Shorten / lengthen it</source>
        <translation>Укоротить / удлинить его</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Delete the selected slot</source>
        <translation>Удалить выбранное окно</translation>
    </message>
    <message>
        <source>Menu key</source>
        <translation>Клавиша меню</translation>
    </message>
    <message>
        <source>The selected slot&apos;s menu</source>
        <translation>Меню выбранного окна</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Cancel a drag or a move</source>
        <translation>Прервать перетаскивание или перенос</translation>
    </message>
    <message>
        <source>Ctrl+Z</source>
        <translation>Ctrl+Z</translation>
    </message>
    <message>
        <source>Undo the last change</source>
        <translation>Откатить последнее изменение</translation>
    </message>
    <message>
        <source>Ctrl+PgUp / Ctrl+PgDown</source>
        <translation>Ctrl+PgUp / Ctrl+PgDown</translation>
    </message>
    <message>
        <source>Previous / next week</source>
        <translation>Предыдущая / следующая неделя</translation>
    </message>
    <message>
        <source>Ctrl+T / Ctrl+G</source>
        <translation>Ctrl+T / Ctrl+G</translation>
    </message>
    <message>
        <source>This week / go to a date</source>
        <translation>Эта неделя / перейти к дате</translation>
    </message>
    <message>
        <source>Ctrl+N / Ctrl+Shift+N</source>
        <translation>Ctrl+N / Ctrl+Shift+N</translation>
    </message>
    <message>
        <source>New slot / new series over the selected time</source>
        <translation>Новое окно / новая серия на выбранное время</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>This help</source>
        <translation>Эта справка</translation>
    </message>
    <message>
        <source>Mouse</source>
        <translation>Мышь</translation>
    </message>
    <message>
        <source>Keyboard</source>
        <translation>Клавиатура</translation>
    </message>
</context>
<context>
    <name>WeekView</name>
    <message>
        <source>Week calendar</source>
        <translation>Календарь недели</translation>
    </message>
    <message>
        <source>Client: {name}</source>
        <translation>Клиент: {name}</translation>
    </message>
    <message>
        <source>Specialist: {name}</source>
        <translation>Специалист: {name}</translation>
    </message>
    <message>
        <source>Context: {text}</source>
        <translation>Тема: {text}</translation>
    </message>
    <message>
        <source>No context</source>
        <translation>Тема не указана</translation>
    </message>
    <message>
        <source>Cost: {cost}</source>
        <translation>Стоимость: {cost}</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} ч {minutes} мин</translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation>{hours} ч</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} мин</translation>
    </message>
    <message>
        <source>Clients cannot reserve it now: {rule}</source>
        <translation>Клиенты сейчас не могут его забронировать: {rule}</translation>
    </message>
</context>
<context>
    <name>_NewPassword</name>
    <message>
        <source>&amp;New password:</source>
        <translation>&amp;Новый пароль:</translation>
    </message>
    <message>
        <source>&amp;Repeat it:</source>
        <translation>&amp;Повторите его:</translation>
    </message>
    <message>
        <source>The new password does not follow the rules.</source>
        <translation>Новый пароль не соответствует правилам.</translation>
    </message>
    <message>
        <source>The two new passwords differ.</source>
        <translation>Новые пароли не совпадают.</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Not allowed by the booking rules</source>
        <translation>Не разрешено правилами записи</translation>
    </message>
    <message>
        <source>Server unreachable</source>
        <translation>Сервер недоступен</translation>
    </message>
    <message>
        <source>Too many attempts</source>
        <translation>Слишком много попыток</translation>
    </message>
    <message>
        <source>Session ended</source>
        <translation>Сеанс завершён</translation>
    </message>
    <message>
        <source>This session has ended: the password was changed or the sessions were ended, on another computer or by an administrator. Sign in again.</source>
        <translation>Сеанс завершён: пароль был изменён или сеансы были завершены — на другом компьютере или администратором. Войдите снова.</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Вход не выполнен</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>Нет доступа</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Не найдено</translation>
    </message>
    <message>
        <source>Please check the input</source>
        <translation>Проверьте введённые данные</translation>
    </message>
    <message>
        <source>Could not be done</source>
        <translation>Не удалось выполнить</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Что-то пошло не так</translation>
    </message>
    <message>
        <source>An unexpected problem occurred ({kind}: {text}). The details are in the log.</source>
        <translation>Произошла непредвиденная ошибка ({kind}: {text}). Подробности — в журнале.</translation>
    </message>
</context>
</TS>

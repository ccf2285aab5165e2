<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AdminWindow</name>
    <message numerus="yes">
        <source>{shown} of %n user(s)</source>
        <translation>
            <numerusform>{shown} of %n user</numerusform>
            <numerusform>{shown} of %n users</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Block %n user(s)? They will be signed out at once and cannot sign in until unblocked.</source>
        <translation>
            <numerusform>Block %n user? They will be signed out at once and cannot sign in until unblocked.</numerusform>
            <numerusform>Block %n users? They will be signed out at once and cannot sign in until unblocked.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Unblock %n user(s)?</source>
        <translation>
            <numerusform>Unblock %n user?</numerusform>
            <numerusform>Unblock %n users?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n user(s) to {path}.</source>
        <translation>
            <numerusform>Exported %n user to {path}.</numerusform>
            <numerusform>Exported %n users to {path}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClientWindow</name>
    <message numerus="yes">
        <source>%n slot(s)</source>
        <translation>
            <numerusform>%n slot</numerusform>
            <numerusform>%n slots</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OutboxPanel</name>
    <message numerus="yes">
        <source>%n email(s) waiting or failed.</source>
        <translation>
            <numerusform>%n email waiting or failed.</numerusform>
            <numerusform>%n emails waiting or failed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SlotOps</name>
    <message numerus="yes">
        <source>%n slot(s) of the series removed.</source>
        <translation>
            <numerusform>%n slot of the series removed.</numerusform>
            <numerusform>%n slots of the series removed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SpecialistWindow</name>
    <message numerus="yes">
        <source>%n slot(s) created.</source>
        <translation>
            <numerusform>%n slot created.</numerusform>
            <numerusform>%n slots created.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n could not be created:</source>
        <translation>
            <numerusform>%n could not be created:</numerusform>
            <numerusform>%n could not be created:</numerusform>
        </translation>
    </message>
</context>
</TS>

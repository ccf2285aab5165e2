"""POST /register/: roles by name or the original's ids, the password policy, unique email and phone."""

from __future__ import annotations

import unicodedata

from tests.server.helpers import PASSWORD, assert_error, make_users, register, sign_in


def _body(email: str, **fields):  # type: ignore[no-untyped-def]
    return {"first_name": "Irina", "last_name": "Petrova", "middle_name": "", "email": email,
            "role": "client", "password": PASSWORD, **fields}


async def test_roles_by_name_and_by_original_id(client):
    answers = {}
    for n, role in enumerate(["client", "specialist", 3, 2, "3", "Specialist"]):
        response = await client.post("/register/", json=_body(f"role{n}@example.com", role=role))
        assert response.status_code == 201, response.text
        answers[repr(role)] = response.json()
    assert [a["role"] for a in answers.values()] == [
        "client", "specialist", "client", "specialist", "client", "specialist"]
    user = answers["'client'"]
    assert isinstance(user["id"], int) and user["email"] == "role0@example.com"
    assert not user["is_staff"] and user["is_active"] and not user["is_blocked"]
    assert user["time_zone"] == "UTC" and user["language"] == "en"
    assert "password" not in user and "password_hash" not in user
    assert user["created_at"].endswith("+00:00") or user["created_at"].endswith("Z")


async def test_administrators_cannot_register(client):
    for role in (1, "1", "admin", "ADMIN"):
        response = await client.post("/register/", json=_body("boss@example.com", role=role))
        body = assert_error(response, 422, "invalid")
        assert "role" in body["detail"]
    assert (await client.post("/auth/jwt/create/", json={"email": "boss@example.com",
                                                        "password": PASSWORD})).status_code == 401


async def test_unknown_roles_refused(client):
    for role in [0, 4, -1, "boss", "", None, True, [], {"id": 3}, 3.5]:
        response = await client.post("/register/", json=_body("who@example.com", role=role))
        assert_error(response, 422, "invalid")


async def test_password_policy(client):
    weak = {
        "short1": "8 characters",
        "NODIGITSHERE": "digit",
        "nodigitshere": "digit",
        "ALLUPPER123": "lowercase",
        "12345678": "lowercase",
        "пароль123": "lowercase",  # Cyrillic letters are not Latin
        "a1" * 65: "at most",
    }
    for password, words in weak.items():
        response = await client.post("/register/", json=_body("weak@example.com", password=password))
        body = assert_error(response, 422, "invalid")
        assert words in body["detail"], (password, body["detail"])
    response = await client.post("/register/", json=_body("weak@example.com", password="abcdefg1"))
    assert response.status_code == 201, response.text


async def test_required_fields_and_formats(client):
    base = _body("fields@example.com")
    for field in ("first_name", "last_name", "email", "role", "password"):
        body = {k: v for k, v in base.items() if k != field}
        detail = assert_error(await client.post("/register/", json=body), 422, "invalid")["detail"]
        assert field in detail
    for bad in [{"email": "not-an-email"}, {"email": ""}, {"first_name": "   "},
                {"first_name": "x" * 151}, {"phone": "call me"}, {"time_zone": "Mars/Olympus"},
                {"language": "de"}]:
        assert_error(await client.post("/register/", json={**base, **bad}), 422, "invalid")
    created = await client.post("/register/", json={**base, "phone": "+7 900 123-45-67",
                                                     "time_zone": "Europe/Moscow", "language": "ru",
                                                     "middle_name": "  Ivanovna "})
    assert created.status_code == 201, created.text
    user = created.json()
    assert (user["phone"], user["time_zone"], user["language"], user["middle_name"]) == (
        "+7 900 123-45-67", "Europe/Moscow", "ru", "Ivanovna")


async def test_duplicate_email_refused_whatever_its_case(client):
    first = await client.post("/register/", json=_body("Maria.Ivanova@Example.com"))
    assert first.status_code == 201, first.text
    assert first.json()["email"] == "maria.ivanova@example.com"
    for email in ("maria.ivanova@example.com", "MARIA.IVANOVA@EXAMPLE.COM", " maria.ivanova@example.com"):
        response = await client.post("/register/", json=_body(email, role="specialist"))
        assert_error(response, 409, "email_taken")
    # Signing in ignores the case too.
    tokens = await sign_in(client, "MARIA.Ivanova@example.COM")
    assert set(tokens) == {"access", "refresh"}


async def test_one_spelling_of_an_email_wherever_it_enters(app, client):
    """Unicode NFC and lower case: the composed and decomposed spellings are one address."""
    composed, decomposed = (unicodedata.normalize(form, "José.Núñez@Example.com") for form in ("NFC", "NFD"))
    assert composed != decomposed
    created = await client.post("/register/", json=_body(composed))
    assert created.status_code == 201, created.text
    assert created.json()["email"] == "josé.núñez@example.com"
    assert_error(await client.post("/register/", json=_body(decomposed)), 409, "email_taken")
    for spelling in (composed, decomposed, decomposed.upper(), f" {decomposed.lower()} "):
        assert set(await sign_in(client, spelling)) == {"access", "refresh"}, spelling

    # An administrator's edit of an address takes the same spelling, and the same uniqueness.
    admin, = await make_users(app, "admin", 1)
    other, = await make_users(app, "client", 1)
    taken = await client.patch(f"/users/{other.id}/", json={"email": decomposed.upper()},
                               headers=admin.headers)
    assert_error(taken, 409, "email_taken")
    zoe = unicodedata.normalize("NFD", "Zoë@Corp.Local")
    edited = await client.patch(f"/users/{other.id}/", json={"email": zoe}, headers=admin.headers)
    assert edited.status_code == 200 and edited.json()["email"] == "zoë@corp.local", edited.text
    assert set(await sign_in(client, "ZOË@corp.local")) == {"access", "refresh"}
    assert_error(await client.patch(f"/users/{other.id}/", json={"email": "not-an-email"},
                                    headers=admin.headers), 422, "invalid")


async def test_internal_and_special_use_domains_are_accepted(client):
    """Any syntactically valid address: a company's own domain is not the validator's to refuse."""
    for email in ("user@corp.local", "ops@intranet.test", "root@localhost", "a.b@host.internal",
                  "x@printer.home.arpa", "y@example.invalid", "z@abc.onion"):
        response = await client.post("/register/", json=_body(email))
        assert response.status_code == 201, (email, response.text)
        assert set(await sign_in(client, email)) == {"access", "refresh"}
    for bad in ("user@", "@corp.local", "user@@corp.local", "user@corp..local", "user corp.local"):
        assert_error(await client.post("/register/", json=_body(bad)), 422, "invalid")


async def test_phone_is_unique(client):
    first = await client.post("/register/", json=_body("p1@example.com", phone="+79001234567"))
    assert first.status_code == 201, first.text
    assert_error(await client.post("/register/", json=_body("p2@example.com", phone="+79001234567")),
                 409, "phone_taken")
    # Many users may have no phone at all.
    for n in (3, 4):
        assert (await client.post("/register/", json=_body(f"p{n}@example.com"))).status_code == 201
    # Taking another user's phone in one's profile is refused as well; one's own is fine.
    other = await register(client, "client")
    response = await client.patch("/users/me/", json={"phone": "+79001234567"}, headers=other.headers)
    assert_error(response, 409, "phone_taken")
    mine = await client.patch("/users/me/", json={"phone": "+79007654321"}, headers=other.headers)
    assert mine.status_code == 200 and mine.json()["phone"] == "+79007654321"
    again = await client.patch("/users/me/", json={"phone": "+79007654321"}, headers=other.headers)
    assert again.status_code == 200
    cleared = await client.patch("/users/me/", json={"phone": None}, headers=other.headers)
    assert cleared.status_code == 200 and cleared.json()["phone"] is None


async def test_unknown_fields_cannot_grant_privileges(client):
    response = await client.post("/register/", json=_body("sneaky@example.com", is_staff=True,
                                                          is_blocked=True, id=999))
    assert response.status_code == 201, response.text
    user = response.json()
    assert not user["is_staff"] and not user["is_blocked"] and user["role"] == "client"
    assert user["id"] != 999


async def test_a_profile_cannot_raise_its_own_privileges(client):
    user = await register(client, "client")
    response = await client.patch("/users/me/", json={"role": "admin", "is_staff": True, "is_blocked": False,
                                                      "email": "other@example.com", "first_name": "Ivan",
                                                      "time_zone": None, "language": None},
                                  headers=user.headers)
    assert response.status_code == 200, response.text
    me = response.json()
    assert (me["role"], me["is_staff"], me["email"], me["first_name"]) == (
        "client", False, user.email, "Ivan")
    assert (me["time_zone"], me["language"]) == ("UTC", "en")  # null leaves them as they were
    assert (await client.get("/users/", headers=user.headers)).status_code == 403

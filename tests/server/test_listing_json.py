"""The list endpoint builds its JSON in the database: it must say exactly what GET /slots/{id}/ says."""

from tests.server.helpers import create_slot, future, parsed_times, register


async def test_list_objects_equal_single_reads(client):
    specialist = await register(client, "specialist", first_name="Ännа")
    customer = await register(client, "client")
    first = await create_slot(client, specialist, future(1), context='Quotes " and \\ backslash',
                              cost="1234.05")
    second = await create_slot(client, specialist, future(3), cost="12.99")
    reserved = await client.patch(f"/slots/{second['id']}/reserve/", headers=customer.headers)
    assert reserved.status_code == 200

    for account in (specialist, customer):
        listed = (await client.get("/slots/", headers=account.headers)).json()
        assert [s["id"] for s in listed] == [first["id"], second["id"]]
        for slot in listed:
            single = (await client.get(f"/slots/{slot['id']}/", headers=account.headers)).json()
            assert parsed_times(slot) == parsed_times(single)
    listed = (await client.get("/slots/", headers=customer.headers)).json()
    assert listed[0]["cost"] == "1234.05" and listed[1]["cost"] == "12.99"
    assert listed[1]["status"] == "agreement" and listed[1]["client"] == customer.id


async def test_empty_list_and_paging_total(client):
    specialist = await register(client, "specialist")
    response = await client.get("/slots/", headers=specialist.headers)
    assert response.json() == [] and response.headers["X-Total-Count"] == "0"
    for hour in range(5):
        await create_slot(client, specialist, future(hour * 2))
    page = await client.get("/slots/?limit=2&offset=2", headers=specialist.headers)
    assert len(page.json()) == 2 and page.headers["X-Total-Count"] == "5"


async def test_pages_of_each_shape_for_each_user(client):
    """The statements are built once per shape and role: each user still gets its own slots, and a
    limit alone, an offset alone and both page the same ordered list."""
    first, second = await register(client, "specialist"), await register(client, "specialist")
    mine = {user.id: [(await create_slot(client, user, future(hour * 2 + offset)))["id"] for hour in range(4)]
            for offset, user in enumerate((first, second))}
    for user in (first, second):
        for query, expected in (("", mine[user.id]), ("?limit=3", mine[user.id][:3]),
                                ("?offset=1", mine[user.id][1:]), ("?limit=2&offset=1", mine[user.id][1:3])):
            page = await client.get(f"/slots/{query}", headers=user.headers)
            assert [slot["id"] for slot in page.json()] == expected, query
            assert page.headers["X-Total-Count"] == "4"
        other = mine[first.id if user is second else second.id][0]
        assert (await client.get(f"/slots/{other}/", headers=user.headers)).status_code == 404

from tests.server.helpers import create_slot, future, register


async def test_reserve_round_trip(client):
    specialist = await register(client, "specialist")
    customer = await register(client, "client")
    slot = await create_slot(client, specialist, future())
    response = await client.patch(f"/slots/{slot['id']}/reserve/", headers=customer.headers)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "agreement"
    assert response.json()["client"] == customer.id

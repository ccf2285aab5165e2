"""A route class for the requests that come in floods: a reservation rush, and every desktop's
long-poll of the change feed (under a stream of changes, dozens a second per desktop).

Such a route is an ordinary FastAPI route — routed, documented from its endpoint's signature,
wrapped in every middleware, its errors answered by the application's handlers — but its requests
are answered by a lean handler instead of FastAPI's general one, whose work per request (solving
the dependency graph, validating each parameter apart, preparing a body) costs several times what
these requests do themselves. From the same declarations, built once:

- its path and query parameters are validated together by one pydantic model (the constraints
  FastAPI documents: ``Path(ge=1)``, ``Query(le=30)`` …), failing as any route fails (422);
- each of its dependencies takes only the request and is called directly (an override in
  ``app.dependency_overrides`` is honoured);
- the endpoint returns its Response itself.

A route whose endpoint needs more than that is refused when it is declared.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError, create_model
from starlette.responses import Response


class FloodRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        dependant = self.dependant
        unsupported = (dependant.body_params or dependant.header_params or dependant.cookie_params
                       or any(d.dependencies or d.path_params or d.query_params or d.body_params
                              for d in dependant.dependencies))
        if unsupported or any(d.name is None or d.call is None for d in dependant.dependencies):
            raise TypeError(f"{self.path}: a flood route takes path and query parameters and "
                            "dependencies of the request alone")
        fields = [*dependant.path_params, *dependant.query_params]
        where = {field.alias: "path" if field in dependant.path_params else "query" for field in fields}
        parameters: type[BaseModel] = create_model(  # type: ignore[call-overload]
            f"{self.name}_parameters",
            **{field.alias: (field.field_info.annotation, field.field_info) for field in fields})
        names = {field.alias: field.name for field in fields}
        dependencies = [(d.name, d.call) for d in dependant.dependencies
                        if d.name is not None and d.call is not None]
        request_name = dependant.request_param_name
        endpoint = self.endpoint

        async def handler(request: Request) -> Response:
            try:
                values = parameters.model_validate({**request.query_params, **request.path_params})
            except ValidationError as error:
                raise RequestValidationError(
                    [{**e, "loc": (where.get(str(e["loc"][0]), "query"), *e["loc"])}
                     for e in error.errors(include_url=False)]) from None
            arguments: dict[str, Any] = {names[alias]: value for alias, value in values}
            overrides = request.app.dependency_overrides
            for name, call in dependencies:
                if call in overrides:  # a test's stand-in: with the request, if it takes one
                    stand_in = overrides[call]
                    result = stand_in(request) if inspect.signature(stand_in).parameters else stand_in()
                else:
                    result = call(request)
                arguments[name] = await result if inspect.isawaitable(result) else result
            if request_name is not None:
                arguments[request_name] = request
            response: Response = await endpoint(**arguments)
            return response

        return handler

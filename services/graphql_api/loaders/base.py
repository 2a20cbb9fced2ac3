"""The base of every loader class, and the per-request set that makes each one on first use."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar, cast

from strawberry.dataloader import DataLoader

from services.graphql_api.domain.access import Actor

Document = dict[str, Any]
K = TypeVar("K")
V = TypeVar("V")


class RequestLoader(DataLoader[K, V], Generic[K, V]):
    """A DataLoader that lives for one request and sees it through the request's actor.
    Subclasses implement `batch_load` and cap the keys of one batch with `keys_per_command`."""

    keys_per_command: ClassVar[int | None] = None

    def __init__(self, actor: Actor) -> None:
        super().__init__(load_fn=self.batch_load, max_batch_size=self.keys_per_command)
        self.actor = actor

    async def batch_load(self, keys: Sequence[K]) -> list[V]:
        """One value per key, in the keys' order."""
        raise NotImplementedError


LoaderT = TypeVar("LoaderT", bound=RequestLoader[Any, Any])


@dataclass
class RequestLoaders:
    """The loaders of one request, each made on first use and kept for the request, so
    nothing cached leaks between viewers."""

    actor: Actor
    _made: dict[type[RequestLoader[Any, Any]], RequestLoader[Any, Any]] = field(
        default_factory=dict
    )

    def get(self, loader_class: type[LoaderT]) -> LoaderT:
        """This request's instance of `loader_class`."""
        loader = self._made.get(loader_class)
        if loader is None:
            loader = self._made[loader_class] = loader_class(self.actor)
        return cast(LoaderT, loader)

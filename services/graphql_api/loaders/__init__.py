"""Per-request DataLoaders, one class per thing loaded and key (`PairsByProgramLoader`): every
relation and list is fetched in batches, so the number of database commands of a query depends
on its shape, not on how many objects it returns. A request's context makes each loader on first
use: `info.context.loaders.get(PairsByProgramLoader)`."""

from services.graphql_api.pagination import Ordering

# Most keys one command carries. Bounded `$in` lists keep each command cheap for the server
# (and the embedded one matches `$in` by scanning the list); a query's round trips grow only
# by one per this many objects of a kind.
IDS_PER_COMMAND = 250
PARENTS_PER_COMMAND = 100
NEWEST_FIRST_BY_DATE = Ordering(field="held_on", direction=-1)
OLDEST_OPENED_FIRST = Ordering(field="opens_at")

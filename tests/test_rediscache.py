"""The Redis cache (pokja/kernel/rediscache.py): Django's, with one client kept per connection
pool instead of a new one on every call."""

import redis

from pokja.kernel.rediscache import PortalRedisCache


def test_every_call_gets_the_same_client_of_the_same_pool():
    # No command is sent: making clients opens no connection.
    cache = PortalRedisCache("redis://127.0.0.1:6379/13", {})

    first = cache._cache.get_client("a")
    again = cache._cache.get_client("b", write=True)

    assert isinstance(first, redis.Redis)
    assert again is first
    assert first.connection_pool is cache._cache._get_connection_pool(write=False)

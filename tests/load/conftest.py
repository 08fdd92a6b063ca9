"""The load smoke runs on the deployment tests' servers: two gunicorn nodes (production settings,
one worker each) on the test database and a Redis of their own (tests/deploy/conftest.py)."""

from tests.deploy.conftest import node_env, nodes, redis_url  # noqa: F401 - fixtures, reused

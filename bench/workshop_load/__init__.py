"""The workshop load generator's parts; ``bench/loadgen.py`` is its command line.

* ``scenario``: the virtual participants and the run that holds them all.
* ``facilitator``: the speaker's screen and remote, refreshing, opening parts, revealing.
* ``probe``: the servers' CPU, memory and threads, sampled from /proc.
* ``report``: the figures of a run, printed and as JSON.
* ``runs``: one run against one server, an existing one, or a cluster behind nginx.

The store check lives in ``harness/store_access.py`` with every other store call.
"""

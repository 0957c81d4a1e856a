"""System tests: the real site (gunicorn, PostgreSQL) driven over HTTP by client processes."""

"""Stage 6, networks: the relational facts (networks, memberships, pairs), the bibliographies, their charts."""

"""The public record: published statistics, read from the files of ``data/raw/reference/`` exactly as
received (``manifest``), tidied by code (``datasets``), and linked to the figures they can check
(``links``). The audit's public-record check (``citydip.audit.checks.public_record``) compares them."""

-- Redeliveries wait in their endpoint's row: the message ids asked for again, in the order asked,
-- each once (a message asked for again while it waits is not added twice). The endpoint's
-- delivery job sends them, one at a time, honouring its backoff, so a storm of redeliveries to an
-- endpoint that does not answer costs one attempt per backoff, not one job slot per request. How
-- many may wait is the outbox's limit (src/delivery/outbox.ts).
alter table webhook_endpoints add column redeliveries text[] not null default '{}';

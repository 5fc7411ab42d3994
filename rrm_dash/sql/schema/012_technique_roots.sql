-- The DISARM Navigator counts an incident once per technique, its sub-techniques rolled up:
-- each facet row carries those technique ids so that the count needs no distinct over every
-- (incident, technique) pair. Emptying the facet makes every incident stale: the snapshot that
-- applies this migration rebuilds it with the new column filled (rrm_dash/warehouse/derive.py).
alter table incident_facet add column technique_roots varchar[];
delete from incident_facet;
comment on column incident_facet.technique_roots is 'Its DISARM techniques with sub-techniques rolled up into their technique (the id before the dot), distinct and sorted.';

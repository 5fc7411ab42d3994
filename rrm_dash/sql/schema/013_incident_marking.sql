-- Every marking (tlp, originator, releasable_to) an incident carries, numbered densely from 0,
-- and each facet row's number. A viewer's scope over the facet is then one bit per marking,
-- computed by the same tlp_visible() rule once per viewer and snapshot (a few thousand markings),
-- instead of the rule's CASE on every row of every query (rrm_dash/sql/read/scope.sql).
-- Derived like the facet: rows are added, never changed, as new markings appear. Emptying the
-- facet makes every incident stale: the snapshot that applies this migration rebuilds it.
create table incident_marking (
    marking_key       integer not null primary key,
    tlp               varchar not null,
    originator_member varchar not null,
    releasable_to     varchar[] not null
);
comment on table incident_marking is 'Derived, never imported: each distinct marking of the incidents (tlp, originator, releasable_to), numbered 0, 1, 2, ... without gaps; numbers never change once given.';
comment on column incident_marking.marking_key is 'The marking''s number (incident_facet.marking_key).';
comment on column incident_marking.tlp is 'As on incident.';
comment on column incident_marking.originator_member is 'As on incident.';
comment on column incident_marking.releasable_to is 'As on incident.';

alter table incident_facet add column marking_key integer;
delete from incident_facet;
comment on column incident_facet.marking_key is 'Its marking''s number in incident_marking (the same tlp, originator_member and releasable_to).';

-- The scores of a DISARM Navigator layer: incidents of the filtered set per DISARM technique.
-- A technique scores the incidents tagged with it or with one of its sub-techniques (each
-- incident once: the DISARM heatmap's default roll-up); a sub-technique scores the incidents
-- tagged with it (the heatmap with sub-techniques shown). Only ids with at least one incident;
-- a tactic chosen in the filter bar narrows them, as on the heatmap. No parameters.
with tagged as (
    select distinct link.incident_id, link.disarm_id
    from scoped_incident_technique() as link
    where link.incident_id in (select incident_id from filtered_incident())
),
credited as (
    select tagged.incident_id, technique.disarm_id
    from tagged
    join disarm_technique as technique using (disarm_id)
    union
    select tagged.incident_id, technique.parent_id as disarm_id
    from tagged
    join disarm_technique as technique using (disarm_id)
    where technique.parent_id is not null
),
counted as (
    select disarm_id, count(*) as incidents
    from credited
    group by disarm_id
)
select
    technique.disarm_id,
    technique.name,
    technique.parent_id,
    technique.retired,
    tactic.tactic_id,
    tactic.name as tactic_name,
    counted.incidents
from counted
join disarm_technique as technique using (disarm_id)
join disarm_tactic as tactic on tactic.tactic_id = technique.tactic_id
where filter_allows(incident_filter().tactics, tactic.tactic_id)
order by tactic.rank, technique.disarm_id

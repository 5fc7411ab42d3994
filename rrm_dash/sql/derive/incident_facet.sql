-- The incident_facet rows of the incidents in the temporary table derive_chunk (see the
-- table's comment and rrm_dash/warehouse/derive.py, which chooses the chunk). Lists are sorted
-- after aggregating (list_sort costs less than an ordered aggregate).

-- First the chunk's markings that have no number yet, numbered after the last one given.
insert into incident_marking by name
select
    (select coalesce(max(marking_key) + 1, 0) from incident_marking)
        + row_number() over (order by tlp, originator_member, releasable_to) - 1 as marking_key,
    tlp,
    originator_member,
    releasable_to
from (
    select distinct tlp, originator_member, releasable_to
    from incident
    where incident_id in (select incident_id from derive_chunk)
    except
    select tlp, originator_member, releasable_to from incident_marking
);

insert into incident_facet by name
with chunk_incident as (
    select * from incident where incident_id in (select incident_id from derive_chunk)
),
targeted as (
    select incident_id, list_sort(list(distinct country_code)) as targeted_members
    from incident_country
    where role = 'targeted' and incident_id in (select incident_id from derive_chunk)
    group by incident_id
),
techniques as (
    select
        incident_id,
        list_sort(list(disarm_id)) as technique_ids,
        list_sort(list(distinct split_part(disarm_id, '.', 1))) as technique_roots
    from incident_technique
    where incident_id in (select incident_id from derive_chunk)
    group by incident_id
),
actors as (
    select incident_id, list_sort(list(actor_id)) as actor_ids
    from incident_actor
    where incident_id in (select incident_id from derive_chunk)
    group by incident_id
),
narratives as (
    select incident_id, list_sort(list(narrative_id)) as narrative_ids
    from incident_narrative
    where incident_id in (select incident_id from derive_chunk)
    group by incident_id
),
platforms as (
    select incident_id, list_sort(list(platform)) as platforms
    from incident_platform
    where incident_id in (select incident_id from derive_chunk)
    group by incident_id
),
targets as (
    select
        incident_id,
        bool_or(gender = 'women') as targets_women,
        bool_or(vulnerable_group <> 'none') as targets_vulnerable
    from incident_target
    where incident_id in (select incident_id from derive_chunk)
    group by incident_id
)
select
    chunk_incident.* exclude (summary),
    coalesce(targeted.targeted_members, []) as targeted_members,
    coalesce(techniques.technique_ids, []) as technique_ids,
    coalesce(techniques.technique_roots, []) as technique_roots,
    coalesce(actors.actor_ids, []) as actor_ids,
    coalesce(narratives.narrative_ids, []) as narrative_ids,
    coalesce(platforms.platforms, []) as platforms,
    coalesce(targets.targets_women, false) as targets_women,
    coalesce(targets.targets_vulnerable, false) as targets_vulnerable,
    marking.marking_key
from chunk_incident
join incident_marking as marking
    on marking.tlp = chunk_incident.tlp
    and marking.originator_member = chunk_incident.originator_member
    and marking.releasable_to is not distinct from chunk_incident.releasable_to
left join targeted using (incident_id)
left join techniques using (incident_id)
left join actors using (incident_id)
left join narratives using (incident_id)
left join platforms using (incident_id)
left join targets using (incident_id)
order by chunk_incident.detected_at, chunk_incident.incident_id;

-- Every sighting of an actor, a narrative or a technique combination against a member or
-- observer in the filtered incidents (the filter bar's period must be the signal window): one
-- row per incident, targeted member and item. A technique combination is the incident's DISARM
-- ids, sorted and joined by '+' (only incidents with two or more techniques have one); its label
-- is left null (rrm_dash.analytics.signals.with_combination_labels names the signals' own).
-- The rows come in no particular order: sorting them was half the query, and the signals
-- are sorted after grouping.
-- Parameters: none.
with incidents as (
    select
        incident_id,
        detected_at::date as day,
        targeted_members,
        actor_ids,
        narrative_ids,
        technique_ids
    from filtered_incident()
),
targeted as (
    select incident_id, member
    from (select incident_id, unnest(targeted_members) as member from incidents)
    where member in (select member_code from member where status in ('member', 'observer'))
),
items as (
    select link.incident_id, 'actor' as kind, actor.actor_id as item, actor.name as label
    from (select incident_id, unnest(actor_ids) as actor_id from incidents) as link
    join scoped_actor() as actor using (actor_id)
    union all
    select link.incident_id, 'narrative', narrative.narrative_id, narrative.name
    from (select incident_id, unnest(narrative_ids) as narrative_id from incidents) as link
    join scoped_narrative() as narrative using (narrative_id)
    union all
    select incident_id, 'techniques', array_to_string(technique_ids, '+'), null
    from incidents
    where len(technique_ids) >= 2
)
select incidents.incident_id, targeted.member, incidents.day, items.kind, items.item, items.label
from incidents
join targeted using (incident_id)
join items using (incident_id)

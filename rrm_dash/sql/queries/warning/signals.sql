-- Cross-member signals of the filtered incidents (the filter bar's period must be the signal
-- window; rrm_dash.analytics.signals.cross_member_signals is the definition this computes):
-- every actor, narrative or technique combination seen against two or more members or
-- observers, with its label, the members (sorted codes), how many incidents, and the first and
-- last day it was seen. A technique combination is the incident's DISARM ids, sorted and joined
-- by '+' (only incidents with two or more techniques have one); its label is left null
-- (rrm_dash.analytics.signals.with_combination_labels names the signals' own). Unsorted: the
-- signals are ranked after.
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
    select incident_id, day, member
    from (select incident_id, day, unnest(targeted_members) as member from incidents)
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
),
-- the members of each item seen against two or more: cheaper than counting distinct members
-- and incidents in one grouping of every (incident, member, item)
signal_members as (
    select kind, item, list_sort(list(member)) as members
    from (
        select distinct items.kind, items.item, targeted.member
        from items
        join targeted using (incident_id)
    )
    group by kind, item
    having count(*) >= 2
),
-- an item's incidents: those linked to it that target a member or observer (an incident links
-- an item once: the link tables' keys)
seen as (
    select
        items.kind,
        items.item,
        any_value(items.label) as label,
        count(*) as incidents,
        min(hit.day) as first_seen,
        max(hit.day) as last_seen
    from items
    join (select distinct incident_id, day from targeted) as hit using (incident_id)
    where (items.kind, items.item) in (select (kind, item) from signal_members)
    group by items.kind, items.item
)
select kind, item, label, members, incidents, first_seen, last_seen
from seen
join signal_members using (kind, item)

-- For each election's activity period: the actors the viewer may see linked to the filtered
-- incidents targeting its country, by number of incidents. The filter bar's period, member and
-- election filters must be cleared.
-- Parameters: $periods (list of struct election_id, country, period_start, period_end).
with periods as (
    select unnest($periods::struct(
        election_id varchar, country varchar, period_start date, period_end date
    )[], recursive := true)
)
select
    periods.election_id,
    actor.actor_id,
    actor.name,
    actor.actor_kind,
    count(distinct incidents.incident_id) as incidents
from periods
join filtered_incident_country() as target
    on target.country_code = periods.country and target.role = 'targeted'
join filtered_incident() as incidents
    on incidents.incident_id = target.incident_id
   and incidents.detected_at >= periods.period_start
   and incidents.detected_at < periods.period_end + interval 1 day
join filtered_incident_actor() as link on link.incident_id = incidents.incident_id
join scoped_actor() as actor on actor.actor_id = link.actor_id
group by periods.election_id, actor.actor_id, actor.name, actor.actor_kind
order by periods.election_id, incidents desc, actor.name

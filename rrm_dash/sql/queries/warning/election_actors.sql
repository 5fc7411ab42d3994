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
    count(*) as incidents
from periods
join (select detected_at, targeted_members, unnest(actor_ids) as actor_id
      from filtered_incident()) as link
    on list_contains(link.targeted_members, periods.country)
   and link.detected_at >= periods.period_start
   and link.detected_at < periods.period_end + interval 1 day
join scoped_actor() as actor on actor.actor_id = link.actor_id
group by periods.election_id, actor.actor_id, actor.name, actor.actor_kind
order by periods.election_id, incidents desc, actor.name

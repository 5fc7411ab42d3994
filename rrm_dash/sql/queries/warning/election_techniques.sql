-- For each election's activity period: the election-interference techniques (a tag whose id or
-- parent id is in $interference) on the filtered incidents targeting its country, by number of
-- incidents. The filter bar's period, member and election filters must be cleared.
-- Parameters: $periods (list of struct election_id, country, period_start, period_end),
-- $interference (varchar[]).
with periods as (
    select unnest($periods::struct(
        election_id varchar, country varchar, period_start date, period_end date
    )[], recursive := true)
)
select
    periods.election_id,
    link.disarm_id,
    coalesce(technique.name, link.disarm_id) as name,
    count(*) as incidents
from periods
join (select detected_at, targeted_members, unnest(technique_ids) as disarm_id
      from filtered_incident()) as link
    on list_contains(link.targeted_members, periods.country)
   and link.detected_at >= periods.period_start
   and link.detected_at < periods.period_end + interval 1 day
left join disarm_technique as technique on technique.disarm_id = link.disarm_id
where technique_chosen(link.disarm_id, $interference::varchar[])
group by periods.election_id, link.disarm_id, technique.name
order by periods.election_id, incidents desc, link.disarm_id

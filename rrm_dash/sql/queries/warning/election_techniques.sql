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
    count(distinct incidents.incident_id) as incidents
from periods
join filtered_incident_country() as target
    on target.country_code = periods.country and target.role = 'targeted'
join filtered_incident() as incidents
    on incidents.incident_id = target.incident_id
   and incidents.detected_at >= periods.period_start
   and incidents.detected_at < periods.period_end + interval 1 day
join filtered_incident_technique() as link on link.incident_id = incidents.incident_id
left join disarm_technique as technique on technique.disarm_id = link.disarm_id
where list_contains($interference::varchar[], link.disarm_id)
   or list_contains($interference::varchar[], split_part(link.disarm_id, '.', 1))
group by periods.election_id, link.disarm_id, technique.name
order by periods.election_id, incidents desc, link.disarm_id

-- For each election's activity period: the filtered incidents targeting its country (detected from
-- period_start to period_end, both days included), those tagged with an election-interference
-- technique (a tag whose id or parent id is in $interference), and the incidents of the baseline
-- (detected from baseline_start to the day before period_start). The filter bar's period, member
-- and election filters must be cleared: the periods and countries come from $periods.
-- Parameters: $periods (list of struct election_id, country, period_start, period_end,
-- baseline_start), $interference (varchar[]).
with periods as (
    select unnest($periods::struct(
        election_id varchar, country varchar, period_start date, period_end date,
        baseline_start date
    )[], recursive := true)
),
targeted as (
    select target.country_code, incidents.incident_id, incidents.detected_at
    from filtered_incident_country() as target
    join filtered_incident() as incidents using (incident_id)
    where target.role = 'targeted'
      and target.country_code in (select country from periods)
),
interfering as (
    select distinct incident_id
    from filtered_incident_technique()
    where list_contains($interference::varchar[], disarm_id)
       or list_contains($interference::varchar[], split_part(disarm_id, '.', 1))
)
select
    periods.election_id,
    count(distinct targeted.incident_id) filter (
        where targeted.detected_at >= periods.period_start
    ) as incidents,
    count(distinct targeted.incident_id) filter (
        where targeted.detected_at >= periods.period_start
          and targeted.incident_id in (select incident_id from interfering)
    ) as interference_incidents,
    count(distinct targeted.incident_id) filter (
        where targeted.detected_at < periods.period_start
    ) as baseline_incidents
from periods
left join targeted
    on targeted.country_code = periods.country
   and targeted.detected_at >= periods.baseline_start
   and targeted.detected_at < periods.period_end + interval 1 day
group by periods.election_id
order by periods.election_id

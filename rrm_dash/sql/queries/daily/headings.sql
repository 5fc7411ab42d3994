-- The filtered incidents per day of detection and G7 heading over their whole history (the filter
-- bar's period must be cleared), with how many of them target women or a vulnerable group and
-- the rank of the most restrictive marking among them (sql/read/scope.sql, tlp_rank): a period's
-- counts are sums of its days (rrm_dash/queries/daily.py).
select
    detected_at::date as day,
    heading,
    count(*) as incidents,
    count(*) filter (
        where gender_dimension <> 'none' or targets_women or targets_vulnerable
    ) as gender_or_vulnerable,
    max(tlp_rank(tlp)) as highest_rank
from filtered_incident()
group by all

-- The most restrictive TLP marking among what the views show for the current filters: the
-- filtered incidents, and the reports and responses of the filtered period (for the banner).
with shown as (
    select tlp from filtered_incident()
    union all
    select tlp from scoped_report()
    where (incident_filter().date_from is null or published_at >= incident_filter().date_from)
      and (incident_filter().date_to is null
           or published_at < incident_filter().date_to::date + interval 1 day)
    union all
    select tlp from scoped_response()
    where (incident_filter().date_from is null or proposed_at >= incident_filter().date_from)
      and (incident_filter().date_to is null
           or proposed_at < incident_filter().date_to::date + interval 1 day)
)
select max(tlp_rank(tlp)) as highest_rank from shown

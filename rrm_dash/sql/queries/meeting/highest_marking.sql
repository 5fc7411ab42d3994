-- The most restrictive TLP marking among what the views show for the current filters: the
-- filtered incidents, and the reports and responses of the filtered period (for the banner).
with shown as (
    select tlp from filtered_incident()
    union all
    select tlp from scoped_report() where in_filter_period(published_at)
    union all
    select tlp from scoped_response() where in_filter_period(proposed_at)
)
select max(tlp_rank(tlp)) as highest_rank from shown

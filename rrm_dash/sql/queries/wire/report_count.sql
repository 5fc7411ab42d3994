-- How many shared reports of the RRM Wire match the filter bar's period, the chosen types and
-- the title search (the same conditions as report_page.sql, without paging).
-- Parameters: $report_types (text list; empty = every type), $title_pattern (escaped ILIKE
-- pattern or null).
select count(*) as reports
from scoped_report() as report
where in_filter_period(report.published_at)
  and (len($report_types::varchar[]) = 0
       or list_contains($report_types::varchar[], report.report_type))
  and ($title_pattern::varchar is null
       or report.title ilike $title_pattern::varchar escape '\')

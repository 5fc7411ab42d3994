-- One page of the RRM Wire: shared reports published in the filter bar's period, newest first,
-- optionally of chosen types and with a title matching a search, with their originator's name
-- (null under the Chatham House Rule unless the viewer is the originator).
-- Parameters: $report_types (text list; empty = every type), $title_pattern (text: an ILIKE
-- pattern, already escaped with '\', or null for no search), $limit, $offset (integers).
with matching as (
    select report.*
    from scoped_report() as report
    where in_filter_period(report.published_at)
      and (len($report_types::varchar[]) = 0
           or list_contains($report_types::varchar[], report.report_type))
      and ($title_pattern::varchar is null
           or report.title ilike $title_pattern::varchar escape '\')
),
page as (
    select *
    from matching
    order by published_at desc, report_id
    limit $limit::integer offset $offset::integer
)
select
    page.report_id,
    page.title,
    page.report_type,
    kind.label_en as type_en,
    kind.label_fr as type_fr,
    page.originator_member,
    originator.name_en as originator_en,
    originator.name_fr as originator_fr,
    page.published_at,
    page.tlp
from page
left join vocabulary as kind
    on kind.vocabulary = 'report_type' and kind.code = page.report_type
left join member as originator on originator.member_code = page.originator_member
order by page.published_at desc, page.report_id

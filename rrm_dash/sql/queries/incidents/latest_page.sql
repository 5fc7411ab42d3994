-- One page of the filtered incidents, newest first (the Incidents page's default order, no
-- search): each row's incident_id and detected_at, and on every row the number of filtered
-- incidents. The same page as incidents/incident_page.sql gives with $sort 'detected',
-- $descending and no search, read with a plain ORDER BY that DuckDB pushes into the table
-- scan, which then skips the row groups that cannot make the page (a year at 10M: ≈ 15 ms
-- instead of ≈ 115 for the order by sort keys).
-- Parameters: $limit and $offset (integers).
select page.incident_id, page.detected_at, counted.total
from (
    select incident_id, detected_at
    from filtered_incident()
    order by detected_at desc, incident_id
    limit $limit::integer offset $offset::integer
) as page,
(select count(*) as total from filtered_incident()) as counted
order by page.detected_at desc, page.incident_id

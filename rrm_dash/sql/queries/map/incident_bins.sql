-- Where did the visible, filtered incidents happen? Incident locations counted in grid cells,
-- never as single points. The cell is the finest of $cells (degrees, e.g. [0.5, 1, 2, 5]) that
-- yields at most $max_bins cells (else the coarsest); the busiest $max_bins cells are returned.
-- Parameters: $cells (double[]), $max_bins (integer).
with located as (
    select latitude, longitude, place_name
    from filtered_incident()
    where latitude between -90 and 90 and longitude between -180 and 180
),
cells_per_grid as (
    select grid.cell, count(distinct (floor(latitude / grid.cell), floor(longitude / grid.cell))) as cells
    from located
    cross join (select unnest($cells::double[]) as cell) as grid
    group by grid.cell
),
chosen_grid as (
    select coalesce(min(cell) filter (where cells <= $max_bins), max(cell)) as cell
    from cells_per_grid
),
binned as (
    select
        chosen_grid.cell,
        floor(located.latitude / chosen_grid.cell) as row_index,
        floor(located.longitude / chosen_grid.cell) as column_index,
        count(*) as incidents,
        mode(located.place_name) as top_place
    from located
    cross join chosen_grid
    group by all
)
select
    cell,
    least((row_index + 0.5) * cell, 90.0) as latitude,
    least((column_index + 0.5) * cell, 180.0) as longitude,
    incidents,
    top_place
from binned
order by incidents desc, latitude, longitude
limit $max_bins

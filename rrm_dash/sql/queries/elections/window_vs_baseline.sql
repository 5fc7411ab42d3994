-- Filtered incidents in an election's watch window against the baseline before it. The filters'
-- period must run from $window_start - $baseline_days to the window's (last counted) day.
-- The baseline is the average count per window-length stretch over the $baseline_days before the
-- window: before_window * $window_days / $baseline_days.
-- Parameters: $window_start (date), $window_days (integer), $baseline_days (integer).
with counted as (
    select
        count(*) filter (where detected_at >= $window_start::date) as in_window,
        count(*) filter (where detected_at < $window_start::date) as before_window
    from filtered_incident()
)
select
    in_window,
    before_window,
    before_window * $window_days::integer / $baseline_days::integer as baseline
from counted

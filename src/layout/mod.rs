//! Where things go on the screen, worked out from plain values: the panes for a terminal size,
//! the tabs' columns, text measured and wrapped, the detail laid out in lines. Below both `app`
//! (scroll bounds, mouse hits) and `ui` (drawing), so the two always agree.

pub mod detail;
pub mod editor;
pub mod marks;
pub mod text;

use ratatui::layout::Rect;

/// The smallest terminal findings draws in; below it says so.
pub const MIN_SIZE: (u16, u16) = (40, 12);
/// From this width up, list and detail are side by side.
pub const SPLIT_WIDTH: u16 = 100;

/// Which panes are open, as far as layout cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Panes {
    /// The detail has the focus (below the split width it then takes the whole body).
    pub detail: bool,
    /// The facet pane is open (beside the list from the split width, the whole body below).
    pub facets: bool,
    /// The list's share of the width beside the detail, in percent (`<` and `>` move it).
    pub list_percent: u8,
}

impl Default for Panes {
    fn default() -> Panes {
        Panes {
            detail: false,
            facets: false,
            list_percent: LIST_PERCENT,
        }
    }
}

/// The list's share beside the detail at start, and how far `<` and `>` move it.
pub const LIST_PERCENT: u8 = 45;
pub const LIST_PERCENT_RANGE: std::ops::RangeInclusive<u8> = 20..=80;

/// The facet pane's width beside the list.
pub const FACETS_WIDTH: u16 = 30;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    pub tabs: Rect,
    pub facets: Option<Rect>,
    /// The list's column titles, then its rows.
    pub list_header: Option<Rect>,
    pub list: Option<Rect>,
    /// The separator between list and detail (split view only).
    pub separator: Option<Rect>,
    pub detail: Option<Rect>,
    pub hints: Rect,
    pub status: Rect,
}

pub fn too_small(size: (u16, u16)) -> bool {
    size.0 < MIN_SIZE.0 || size.1 < MIN_SIZE.1
}

pub fn is_split(size: (u16, u16)) -> bool {
    size.0 >= SPLIT_WIDTH
}

pub fn areas(size: (u16, u16), panes: Panes) -> Areas {
    let (w, h) = size;
    if too_small(size) {
        return Areas::default();
    }
    let row = |y: u16, height: u16, x: u16, width: u16| Rect::new(x, y, width, height);
    let body_h = h - 3;
    let mut a = Areas {
        tabs: row(0, 1, 0, w),
        hints: row(h - 2, 1, 0, w),
        status: row(h - 1, 1, 0, w),
        ..Areas::default()
    };
    if is_split(size) {
        let (left, rest) = if panes.facets {
            a.facets = Some(row(1, body_h, 0, FACETS_WIDTH));
            (FACETS_WIDTH + 1, w - FACETS_WIDTH - 1)
        } else {
            (0, w)
        };
        let percent = panes
            .list_percent
            .clamp(*LIST_PERCENT_RANGE.start(), *LIST_PERCENT_RANGE.end());
        let list_w = rest * u16::from(percent) / 100;
        a.list_header = Some(row(1, 1, left, list_w));
        a.list = Some(row(2, body_h - 1, left, list_w));
        a.separator = Some(row(1, body_h, left + list_w, 1));
        a.detail = Some(row(1, body_h, left + list_w + 2, rest - list_w - 2));
    } else if panes.detail {
        a.detail = Some(row(1, body_h, 1, w - 2));
    } else if panes.facets {
        a.facets = Some(row(1, body_h, 0, w));
    } else {
        a.list_header = Some(row(1, 1, 0, w));
        a.list = Some(row(2, body_h - 1, 0, w));
    }
    a
}

/// The stats view over the panes: its box (from below the tabs to above the footer), and
/// inside it the map (when there is room for it) and the lists.
pub fn stats(size: (u16, u16)) -> (Rect, Option<Rect>, Rect) {
    let (w, h) = size;
    let outer = Rect::new(0, 1, w, h.saturating_sub(3));
    // Inside the box's border.
    let inner = Rect::new(
        outer.x + 1,
        outer.y + 1,
        outer.width.saturating_sub(2),
        outer.height.saturating_sub(2),
    );
    if inner.width >= 70 && inner.height >= 12 {
        let map_w = (inner.width * 2 / 5).min(inner.height * 2 + 4);
        let map = Rect::new(inner.x, inner.y, map_w, inner.height);
        let lists = Rect::new(
            inner.x + map_w + 1,
            inner.y,
            inner.width - map_w - 1,
            inner.height,
        );
        (outer, Some(map), lists)
    } else {
        (outer, None, inner)
    }
}

/// Each tab's index and its first and past-the-end columns, for labels drawn side by side.
pub fn tab_positions(labels: &[String]) -> Vec<(usize, u16, u16)> {
    let mut x = 0u16;
    labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let start = x;
            x = x.saturating_add(text::width(l) as u16);
            (i, start, x)
        })
        .collect()
}

/// True when a screen position is inside `r`.
pub fn contains(r: Rect, column: u16, row: u16) -> bool {
    column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_split_narrow_ones_stack() {
        let list = Panes::default();
        let detail = Panes {
            detail: true,
            ..Panes::default()
        };
        let facets = Panes {
            facets: true,
            ..Panes::default()
        };
        let wide = areas((120, 40), list);
        assert!(wide.list.is_some() && wide.detail.is_some() && wide.facets.is_none());
        let narrow = areas((80, 24), list);
        assert!(narrow.list.is_some() && narrow.detail.is_none());
        let narrow_detail = areas((80, 24), detail);
        assert!(narrow_detail.list.is_none() && narrow_detail.detail.is_some());
        assert_eq!(areas((39, 24), list), Areas::default());
        let wide_facets = areas((120, 40), facets);
        assert!(wide_facets.facets.is_some() && wide_facets.list.is_some());
        let narrow_facets = areas((80, 24), facets);
        assert!(narrow_facets.facets.is_some() && narrow_facets.list.is_none());
    }

    #[test]
    fn the_split_moves_within_its_range() {
        let at = |list_percent| {
            let a = areas(
                (120, 40),
                Panes {
                    list_percent,
                    ..Panes::default()
                },
            );
            a.list.unwrap().width
        };
        assert!(at(60) > at(45) && at(45) > at(30));
        assert_eq!(at(5), at(20), "at least a fifth");
        assert_eq!(at(95), at(80), "at most four fifths");
    }

    #[test]
    fn panes_stay_inside_the_terminal() {
        for w in 40..130 {
            for h in 12..45 {
                let all = [(false, false), (true, false), (false, true)];
                for ((detail, facets), list_percent) in all.into_iter().zip([0, 45, 80, 255]) {
                    let panes = Panes {
                        detail,
                        facets,
                        list_percent,
                    };
                    let a = areas((w, h), panes);
                    for r in [
                        Some(a.tabs),
                        a.facets,
                        a.list_header,
                        a.list,
                        a.separator,
                        a.detail,
                        Some(a.hints),
                        Some(a.status),
                    ]
                    .into_iter()
                    .flatten()
                    {
                        assert!(r.right() <= w && r.bottom() <= h, "{r:?} in {w}x{h}");
                        assert!(r.width > 0 && r.height > 0, "{r:?} in {w}x{h}");
                    }
                }
            }
        }
    }
}

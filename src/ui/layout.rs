//! Where each pane goes for a terminal size. Pure, so `update` (scrolling, mouse hits) and the
//! view agree on it.

use ratatui::layout::Rect;

use crate::app::state::{Focus, State};

/// The smallest terminal findings draws in; below it says so.
pub const MIN_SIZE: (u16, u16) = (40, 12);
/// From this width up, list and detail are side by side.
pub const SPLIT_WIDTH: u16 = 100;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    pub tabs: Rect,
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

pub fn areas(size: (u16, u16), focus: Focus) -> Areas {
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
        let list_w = w * 45 / 100;
        a.list_header = Some(row(1, 1, 0, list_w));
        a.list = Some(row(2, body_h - 1, 0, list_w));
        a.separator = Some(row(1, body_h, list_w, 1));
        a.detail = Some(row(1, body_h, list_w + 2, w - list_w - 2));
    } else if focus == Focus::Detail {
        a.detail = Some(row(1, body_h, 1, w - 2));
    } else {
        a.list_header = Some(row(1, 1, 0, w));
        a.list = Some(row(2, body_h - 1, 0, w));
    }
    a
}

/// The tab under a screen position, if any.
pub fn tab_at(state: &State, column: u16, row: u16) -> Option<usize> {
    if row != 0 || too_small(state.size) {
        return None;
    }
    super::tabs::positions(state)
        .into_iter()
        .find(|(_, start, end)| column >= *start && column < *end)
        .map(|(tab, _, _)| tab)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_split_narrow_ones_stack() {
        let wide = areas((120, 40), Focus::List);
        assert!(wide.list.is_some() && wide.detail.is_some());
        let narrow = areas((80, 24), Focus::List);
        assert!(narrow.list.is_some() && narrow.detail.is_none());
        let narrow_detail = areas((80, 24), Focus::Detail);
        assert!(narrow_detail.list.is_none() && narrow_detail.detail.is_some());
        assert_eq!(areas((39, 24), Focus::List), Areas::default());
    }

    #[test]
    fn panes_stay_inside_the_terminal() {
        for w in 40..130 {
            for h in 12..45 {
                for focus in [Focus::List, Focus::Detail] {
                    let a = areas((w, h), focus);
                    for r in [
                        Some(a.tabs),
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

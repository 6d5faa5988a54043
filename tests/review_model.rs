//! The review store against a plain model: random sequences of marks, stars, notes and edits
//! by several users, each on their own connection (as teammates with findings open); after
//! every step the store read whole, a teammate's incremental view, and the acting user's own
//! incremental view all equal the model.

use std::collections::HashMap;

use findings::model::review::{Review, Status, Store};
use proptest::prelude::*;

const USERS: [&str; 3] = ["lan", "minh", "an"];
const RECORDS: [&str; 4] = ["exp-han-quoc", "meeting-kon-tum", "visit-dau-tam", "x"];

#[derive(Clone, Debug)]
enum Op {
    Mark(usize, Status, usize),
    Star(usize, bool, usize),
    Note(usize, String, usize),
    /// The n-th note written so far (modulo their number), its new text.
    Edit(usize, String, usize),
}

fn op() -> impl Strategy<Value = Op> {
    let record = 0..RECORDS.len();
    let user = 0..USERS.len();
    // Text as the editor gives it: NFC Vietnamese, spaces, line breaks.
    let text = "[a-zđăâêôơư ạảấầẩẫậếềệốồộớờợứừự\n]{0,12}[a-z]";
    prop_oneof![
        (
            record.clone(),
            prop::sample::select(Status::ALL.to_vec()),
            user.clone()
        )
            .prop_map(|(r, s, u)| Op::Mark(r, s, u)),
        (record.clone(), any::<bool>(), user.clone()).prop_map(|(r, on, u)| Op::Star(r, on, u)),
        (record, text, user.clone()).prop_map(|(r, t, u)| Op::Note(r, t, u)),
        (0..16usize, text, user).prop_map(|(n, t, u)| Op::Edit(n, t, u)),
    ]
}

/// What the model keeps of a record, and what is compared of the store's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Kept {
    status: Option<Status>,
    set_by: Option<String>,
    starred: bool,
    /// id, author, text, edited.
    notes: Vec<(i64, String, String, bool)>,
}

fn kept(reviews: &HashMap<String, Review>) -> HashMap<String, Kept> {
    reviews
        .iter()
        .map(|(id, r)| {
            let notes = r
                .notes
                .iter()
                .map(|n| (n.id, n.author.clone(), n.text.clone(), n.edited.is_some()))
                .collect();
            let k = Kept {
                status: r.status,
                set_by: r.set_by.clone(),
                starred: r.starred,
                notes,
            };
            (id.clone(), k)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, max_shrink_iters: 500, ..ProptestConfig::default() })]

    #[test]
    fn the_store_and_its_incremental_views_follow_the_model(ops in prop::collection::vec(op(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("team.db");
        let mut users: Vec<Store> = USERS.iter().map(|_| Store::at(&db)).collect();
        let mut teammate = Store::at(&db);
        let mut model: HashMap<String, Kept> = HashMap::new();
        // Every note id written, in order.
        let mut written: Vec<(i64, String)> = Vec::new();
        let mut teammate_read = false;
        for op in &ops {
            let mut unchanged = false;
            let acted = match op {
                Op::Mark(r, status, u) => {
                    users[*u].mark(RECORDS[*r], *status, USERS[*u]).unwrap();
                    // Marking what is already so changes nothing: an unreviewed record marked
                    // unreviewed, or one's own mark set again.
                    let k = model.get(RECORDS[*r]).cloned().unwrap_or_default();
                    let now = k.status.unwrap_or(Status::Unreviewed);
                    let mine = k.set_by.as_deref() == Some(USERS[*u]);
                    unchanged = now == *status && (*status == Status::Unreviewed || mine);
                    if !unchanged {
                        let k = model.entry(RECORDS[*r].into()).or_default();
                        k.status = Some(*status);
                        k.set_by = Some(USERS[*u].into());
                    }
                    *u
                }
                Op::Star(r, on, u) => {
                    users[*u].star(RECORDS[*r], *on, USERS[*u]).unwrap();
                    model.entry(RECORDS[*r].into()).or_default().starred = *on;
                    *u
                }
                Op::Note(r, text, u) => {
                    let id = users[*u].add_note(RECORDS[*r], text, USERS[*u]).unwrap();
                    written.push((id, RECORDS[*r].into()));
                    model
                        .entry(RECORDS[*r].into())
                        .or_default()
                        .notes
                        .push((id, USERS[*u].into(), text.clone(), false));
                    *u
                }
                Op::Edit(n, text, u) => {
                    if written.is_empty() {
                        continue;
                    }
                    let (id, record) = written[n % written.len()].clone();
                    users[*u].edit_note(id, text, USERS[*u]).unwrap();
                    let notes = &mut model.get_mut(&record).unwrap().notes;
                    let note = notes.iter_mut().find(|n| n.0 == id).unwrap();
                    note.2 = text.clone();
                    note.3 = true;
                    *u
                }
            };
            let whole = kept(&users[(acted + 1) % USERS.len()].all().unwrap());
            prop_assert_eq!(&whole, &model, "read whole after {:?}", op);
            let noticed = teammate.refresh().unwrap();
            prop_assert!(noticed || unchanged, "a teammate notices {:?}", op);
            prop_assert_eq!(&kept(teammate.reviews()), &model, "a teammate's view after {:?}", op);
            // Only the first reading of the file is whole: every change after leaves history.
            if noticed {
                prop_assert_eq!(teammate.last_reading().full, !teammate_read, "after {:?}", op);
                teammate_read = true;
            }
            users[acted].refresh().unwrap();
            prop_assert_eq!(&kept(users[acted].reviews()), &model, "the actor's view after {:?}", op);
        }
        // Nothing more changed: nothing more is read.
        teammate.refresh().unwrap();
        prop_assert!(!teammate.refresh().unwrap());
        prop_assert_eq!(teammate.last_reading().rows, 0);
    }
}

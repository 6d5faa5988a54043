//! Places then and now: since 1 July 2025 Vietnam has 34 provinces instead of 63, and no
//! districts. Records keep the names of their time; this table, derived from a public source
//! shipped in `data/places/`, tells what each old name is part of today.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::describe::Text;
use super::fold::fold;

/// The table, compiled into the binary (`data/places/places.json`, made by `derive.py` there).
const TABLE: &str = include_str!("../../data/places/places.json");

#[derive(Deserialize)]
struct Table {
    provinces: Vec<ProvinceRow>,
    communes: Vec<CommuneRow>,
}

#[derive(Deserialize)]
struct ProvinceRow {
    old: String,
    new: String,
}

#[derive(Deserialize)]
struct CommuneRow {
    old: String,
    old_province: String,
    new: String,
    new_province: String,
}

/// The old → new names, keyed by folded name.
struct Places {
    /// Old province → the province it is part of since 2025 (only where the name changed).
    province: HashMap<String, String>,
    /// New province → the old provinces it took in (other than itself).
    absorbed: HashMap<String, Vec<String>>,
    /// (old commune, old province) → (new commune, new province).
    commune: HashMap<(String, String), (String, String)>,
}

fn places() -> &'static Places {
    static PLACES: OnceLock<Places> = OnceLock::new();
    PLACES.get_or_init(|| {
        // The table is part of the binary and checked by a test: it cannot be malformed at
        // run time; an empty table would only lose the annotations.
        let table: Table = serde_json::from_str(TABLE).unwrap_or(Table {
            provinces: Vec::new(),
            communes: Vec::new(),
        });
        let mut province = HashMap::new();
        let mut absorbed: HashMap<String, Vec<String>> = HashMap::new();
        for row in table.provinces.into_iter().filter(|r| r.old != r.new) {
            province.insert(fold(&row.old), row.new.clone());
            absorbed.entry(fold(&row.new)).or_default().push(row.old);
        }
        let commune = table
            .communes
            .into_iter()
            .map(|r| {
                let key = (fold(&r.old), fold(&r.old_province));
                (key, (r.new, r.new_province))
            })
            .collect();
        Places {
            province,
            absorbed,
            commune,
        }
    })
}

/// The province an old province is part of since 2025, when its name changed
/// (`Kon Tum` → `Quảng Ngãi`); `None` for a province that kept its name or is unknown.
pub fn province_now(name: &str) -> Option<&'static str> {
    places().province.get(&fold(name)).map(String::as_str)
}

/// The old provinces a province took in in 2025 (`Lâm Đồng` → `Đắk Nông`, `Bình Thuận`).
pub fn absorbed_by(name: &str) -> &'static [String] {
    places()
        .absorbed
        .get(&fold(name))
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// The commune an old commune of `province` is part of since 2025, and its province.
pub fn commune_now(commune: &str, province: &str) -> Option<(&'static str, &'static str)> {
    places()
        .commune
        .get(&(fold(commune), fold(province)))
        .map(|(c, p)| (c.as_str(), p.as_str()))
}

/// "Kon Tum (since 2025: Quảng Ngãi)" in the chosen text; the name alone when it did not change.
pub fn province_then_and_now(name: &str, text: Text) -> String {
    match province_now(name) {
        Some(now) => format!("{name} ({} {now})", since(text)),
        None => name.to_owned(),
    }
}

/// "(since 2025: xã Kon Plông, Quảng Ngãi)" for a commune, or nothing.
pub fn commune_note(commune: &str, province: &str, text: Text) -> Option<String> {
    let (new, new_province) = commune_now(commune, province)?;
    Some(format!("({} {new}, {new_province})", since(text)))
}

fn since(text: Text) -> &'static str {
    match text {
        Text::Original => "từ 2025:",
        Text::English => "since 2025:",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_all_63_old_and_34_new_provinces() {
        let table: Table = serde_json::from_str(TABLE).expect("places.json parses");
        assert_eq!(table.provinces.len(), 63);
        let mut new: Vec<&str> = table.provinces.iter().map(|r| r.new.as_str()).collect();
        new.sort_unstable();
        new.dedup();
        assert_eq!(new.len(), 34);
    }

    #[test]
    fn old_provinces_name_their_successors() {
        assert_eq!(province_now("Kon Tum"), Some("Quảng Ngãi"));
        assert_eq!(province_now("Đắk Nông"), Some("Lâm Đồng"));
        assert_eq!(province_now("Ninh Thuận"), Some("Khánh Hòa"));
        assert_eq!(province_now("dak nong"), Some("Lâm Đồng"));
        assert_eq!(province_now("Gia Lai"), None, "kept its name");
        assert_eq!(province_now("Đắk Lắk"), None, "kept its name");
        assert!(absorbed_by("Gia Lai").contains(&"Bình Định".to_owned()));
        assert!(absorbed_by("Đắk Lắk").contains(&"Phú Yên".to_owned()));
        assert!(absorbed_by("lam dong").contains(&"Đắk Nông".to_owned()));
        assert!(absorbed_by("Kon Tum").is_empty());
    }

    #[test]
    fn communes_the_data_names_are_mapped() {
        assert_eq!(
            commune_now("xã Hiếu", "Kon Tum"),
            Some(("xã Kon Plông", "Quảng Ngãi"))
        );
        assert_eq!(
            province_then_and_now("Kon Tum", Text::English),
            "Kon Tum (since 2025: Quảng Ngãi)"
        );
        assert_eq!(
            province_then_and_now("Kon Tum", Text::Original),
            "Kon Tum (từ 2025: Quảng Ngãi)"
        );
        assert_eq!(province_then_and_now("Gia Lai", Text::Original), "Gia Lai");
    }
}

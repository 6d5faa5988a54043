//! Folding: a table of the 63 provinces and their unaccented forms, and properties that hold
//! for any text.

use findings::model::fold::{fold, fold_with_map};
use proptest::prelude::*;

const PROVINCES: &[(&str, &str)] = &[
    ("An Giang", "an giang"),
    ("Bà Rịa – Vũng Tàu", "ba ria – vung tau"),
    ("Bạc Liêu", "bac lieu"),
    ("Bắc Giang", "bac giang"),
    ("Bắc Kạn", "bac kan"),
    ("Bắc Ninh", "bac ninh"),
    ("Bến Tre", "ben tre"),
    ("Bình Dương", "binh duong"),
    ("Bình Định", "binh dinh"),
    ("Bình Phước", "binh phuoc"),
    ("Bình Thuận", "binh thuan"),
    ("Cà Mau", "ca mau"),
    ("Cao Bằng", "cao bang"),
    ("Cần Thơ", "can tho"),
    ("Đà Nẵng", "da nang"),
    ("Đắk Lắk", "dak lak"),
    ("Đắk Nông", "dak nong"),
    ("Điện Biên", "dien bien"),
    ("Đồng Nai", "dong nai"),
    ("Đồng Tháp", "dong thap"),
    ("Gia Lai", "gia lai"),
    ("Hà Giang", "ha giang"),
    ("Hà Nam", "ha nam"),
    ("Hà Nội", "ha noi"),
    ("Hà Tĩnh", "ha tinh"),
    ("Hải Dương", "hai duong"),
    ("Hải Phòng", "hai phong"),
    ("Hậu Giang", "hau giang"),
    ("Hòa Bình", "hoa binh"),
    ("Hưng Yên", "hung yen"),
    ("Khánh Hòa", "khanh hoa"),
    ("Kiên Giang", "kien giang"),
    ("Kon Tum", "kon tum"),
    ("Lai Châu", "lai chau"),
    ("Lâm Đồng", "lam dong"),
    ("Lạng Sơn", "lang son"),
    ("Lào Cai", "lao cai"),
    ("Long An", "long an"),
    ("Nam Định", "nam dinh"),
    ("Nghệ An", "nghe an"),
    ("Ninh Bình", "ninh binh"),
    ("Ninh Thuận", "ninh thuan"),
    ("Phú Thọ", "phu tho"),
    ("Phú Yên", "phu yen"),
    ("Quảng Bình", "quang binh"),
    ("Quảng Nam", "quang nam"),
    ("Quảng Ngãi", "quang ngai"),
    ("Quảng Ninh", "quang ninh"),
    ("Quảng Trị", "quang tri"),
    ("Sóc Trăng", "soc trang"),
    ("Sơn La", "son la"),
    ("Tây Ninh", "tay ninh"),
    ("Thái Bình", "thai binh"),
    ("Thái Nguyên", "thai nguyen"),
    ("Thanh Hóa", "thanh hoa"),
    ("Thừa Thiên Huế", "thua thien hue"),
    ("Tiền Giang", "tien giang"),
    ("Thành phố Hồ Chí Minh", "thanh pho ho chi minh"),
    ("Trà Vinh", "tra vinh"),
    ("Tuyên Quang", "tuyen quang"),
    ("Vĩnh Long", "vinh long"),
    ("Vĩnh Phúc", "vinh phuc"),
    ("Yên Bái", "yen bai"),
];

#[test]
fn the_63_provinces_fold_to_their_unaccented_names() {
    assert_eq!(PROVINCES.len(), 63);
    for (name, plain) in PROVINCES {
        assert_eq!(fold(name), *plain, "{name}");
        assert_eq!(fold(&name.to_uppercase()), *plain, "{name} in capitals");
        assert_eq!(fold(plain), *plain, "{plain} folds to itself");
        // Decomposed (NFD) input folds the same as composed.
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd(*name).collect();
        assert_eq!(fold(&nfd), *plain, "{name} decomposed");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn folding_is_idempotent(s in "\\PC*") {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once.clone());
    }

    #[test]
    fn the_map_points_inside_the_original(s in any::<String>()) {
        let (folded, map) = fold_with_map(&s);
        let original = s.chars().count();
        prop_assert_eq!(folded.chars().count(), map.len());
        prop_assert!(map.iter().all(|&i| i < original));
        prop_assert!(map.windows(2).all(|w| w[0] <= w[1]), "the map never goes backwards");
        prop_assert_eq!(fold(&s), folded);
    }

    #[test]
    fn vietnamese_text_folds_to_lowercase_without_marks(s in "[a-zA-ZàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ ]{0,40}") {
        let folded = fold(&s);
        prop_assert!(folded.chars().all(|c| c == ' ' || c.is_ascii_lowercase()), "{}", folded);
        prop_assert_eq!(folded.chars().count(), s.chars().count());
    }
}

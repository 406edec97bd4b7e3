//! 書類: what a scan or an enclosure is (書類の種類), which of them must be
//! masked before they are kept, the masking itself (black boxes burnt into
//! the pixels), and the 個人番号 check on free text.
//!
//! Masking happens on bytes held in memory (a staged file or a mail
//! attachment, before the case is saved): the unmasked original is never
//! written to the store. The result is re-encoded from pixels, so EXIF and
//! other metadata of the original go too.

use crate::store::error::StoreError;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Rgb, RgbImage};
use serde::{Deserialize, Serialize};
use std::io::Cursor;

coded_enum!(
    /// 書類の種類: what the officer says an attachment or an original is.
    DocType {
        Unclassified = "unclassified", "未分類";
        DriversLicense = "drivers_license", "運転免許証";
        MynumberFront = "mynumber_front", "個人番号カード（表面）";
        /// Carries the 個人番号: never kept unmasked.
        MynumberBack = "mynumber_back", "個人番号カード（裏面）";
        Passport = "passport", "パスポート";
        ResidenceCard = "residence_card", "在留カード";
        /// 記号・番号, 保険者番号 and the QR code must be masked (健康保険法).
        HealthInsurance = "health_insurance", "健康保険証";
        PensionBook = "pension_book", "年金手帳";
        ResidentRecord = "resident_record", "住民票の写し";
        PowerOfAttorney = "power_of_attorney", "委任状";
        SealCertificate = "seal_certificate", "印鑑登録証明書";
        FamilyRegister = "family_register", "戸籍謄本";
        RegistryCertificate = "registry_certificate", "登記事項証明書";
        RequestForm = "request_form", "請求書・申請書";
        Other = "other", "その他";
    }
);

// coded_enum! derives a fixed set of traits, Default not among them.
#[allow(clippy::derivable_impls)]
impl Default for DocType {
    fn default() -> Self {
        DocType::Unclassified
    }
}

/// What the officer records about one document: its type and the dates its
/// validity is checked from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocInfo {
    pub doc_type: DocType,
    /// 運転免許証: the 本籍 is printed (older licences), so it must be masked.
    pub honseki_printed: bool,
    /// 発行日 `YYYY-MM-DD` (certificates), or empty.
    pub issued_on: String,
    /// 有効期限 `YYYY-MM-DD` (ID documents), or empty.
    pub expires_on: String,
}

impl DocInfo {
    pub fn of(doc_type: DocType) -> Self {
        DocInfo {
            doc_type,
            ..Default::default()
        }
    }

    /// Dates checked, every problem at its field.
    pub fn validated(&self) -> Result<DocInfo, StoreError> {
        let mut v = self.clone();
        let mut errors = Vec::new();
        v.issued_on =
            crate::kernel::text::day_field("issuedOn", "発行日", &v.issued_on, false, &mut errors);
        v.expires_on = crate::kernel::text::day_field(
            "expiresOn",
            "有効期限",
            &v.expires_on,
            false,
            &mut errors,
        );
        if v.doc_type != DocType::DriversLicense {
            v.honseki_printed = false;
        }
        if errors.is_empty() {
            Ok(v)
        } else {
            Err(StoreError::Invalid(errors))
        }
    }

    pub fn needs_mask(&self) -> bool {
        self.doc_type.needs_mask(self.honseki_printed)
    }
}

/// Whether a document type must be masked before it is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum MaskRule {
    None,
    Required,
    /// Only when the officer says the 本籍 is printed (older 運転免許証).
    IfHonsekiPrinted,
}

impl DocType {
    /// 顔写真付きの本人確認書類: one is enough.
    pub fn is_photo_id(self) -> bool {
        matches!(
            self,
            DocType::DriversLicense
                | DocType::MynumberFront
                | DocType::Passport
                | DocType::ResidenceCard
        )
    }

    /// 顔写真のない本人確認書類: two are needed.
    pub fn is_non_photo_id(self) -> bool {
        matches!(
            self,
            DocType::HealthInsurance
                | DocType::PensionBook
                | DocType::ResidentRecord
                | DocType::MynumberBack
        )
    }

    pub fn mask_rule(self) -> MaskRule {
        match self {
            DocType::MynumberBack | DocType::HealthInsurance => MaskRule::Required,
            DocType::DriversLicense => MaskRule::IfHonsekiPrinted,
            _ => MaskRule::None,
        }
    }

    /// What must be blacked out, said to the officer.
    pub fn mask_reason(self) -> &'static str {
        match self {
            DocType::MynumberBack => "個人番号カードの裏面には個人番号（マイナンバー）が記載されています。番号法により、必要な場合を除き個人番号を収集・保管することはできません。個人番号とQRコードを黒塗りしてから保存してください。",
            DocType::HealthInsurance => "健康保険証の記号・番号、保険者番号およびQRコードは、健康保険法により告知を求めることが制限されています。黒塗りしてから保存してください。",
            DocType::DriversLicense => "本籍が記載された運転免許証は、本籍を黒塗りしてから保存してください（要配慮個人情報に準じて扱います）。",
            _ => "",
        }
    }

    /// Whether `masked` is required before this document may be kept.
    pub fn needs_mask(self, honseki_printed: bool) -> bool {
        match self.mask_rule() {
            MaskRule::Required => true,
            MaskRule::IfHonsekiPrinted => honseki_printed,
            MaskRule::None => false,
        }
    }
}

// ---------------------------------------------------------------------------
// Masking

/// A box to black out, in fractions (0–1) of the image as displayed upright
/// (after its EXIF orientation), so zoom and screen size do not matter.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MaskRect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

pub const MAX_RECTS: usize = 100;
pub const MAX_PAGES: usize = 50;

fn invalid(message: &str) -> StoreError {
    StoreError::invalid("mask", message)
}

/// Pixel bounds of a rect, rounded outwards so nothing at an edge survives.
fn pixel_bounds(r: &MaskRect, width: u32, height: u32) -> Option<(u32, u32, u32, u32)> {
    let values = [r.x, r.y, r.w, r.h];
    if values.iter().any(|v| !v.is_finite()) || r.w <= 0.0 || r.h <= 0.0 {
        return None;
    }
    let x0 = (r.x.clamp(0.0, 1.0) * f64::from(width)).floor() as u32;
    let y0 = (r.y.clamp(0.0, 1.0) * f64::from(height)).floor() as u32;
    let x1 = ((r.x + r.w).clamp(0.0, 1.0) * f64::from(width)).ceil() as u32;
    let y1 = ((r.y + r.h).clamp(0.0, 1.0) * f64::from(height)).ceil() as u32;
    (x1 > x0 && y1 > y0).then_some((x0, y0, x1.min(width), y1.min(height)))
}

fn check_rects(rects: &[MaskRect]) -> Result<(), StoreError> {
    if rects.is_empty() {
        return Err(invalid("黒塗りする範囲を1つ以上指定してください。"));
    }
    if rects.len() > MAX_RECTS {
        return Err(invalid("黒塗りの範囲が多すぎます（100か所まで）。"));
    }
    Ok(())
}

fn burn(img: &mut RgbImage, rects: &[MaskRect]) -> Result<(), StoreError> {
    let (w, h) = img.dimensions();
    let mut any = false;
    for r in rects {
        let Some((x0, y0, x1, y1)) = pixel_bounds(r, w, h) else {
            continue;
        };
        any = true;
        for y in y0..y1 {
            for x in x0..x1 {
                img.put_pixel(x, y, Rgb([0, 0, 0]));
            }
        }
    }
    if any {
        Ok(())
    } else {
        Err(invalid(
            "黒塗りの範囲が画像の外にあります。範囲を指定し直してください。",
        ))
    }
}

const MAX_SIDE_PX: u32 = 10_000;
const MAX_PIXELS: u64 = 50_000_000;

/// Decodes an image upright (its EXIF orientation applied, as the viewer
/// shows it) into RGB pixels.
fn decode_upright(bytes: &[u8]) -> Result<(RgbImage, ImageFormat), StoreError> {
    let unreadable =
        || invalid("画像を読み取れませんでした。JPEGまたはPNGの画像を指定してください。");
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| unreadable())?;
    let format = reader.format().ok_or_else(unreadable)?;
    if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png) {
        return Err(unreadable());
    }
    let mut decoder = reader.into_decoder().map_err(|_| unreadable())?;
    // A header can claim any size: a few bytes saying 100,000×100,000 would
    // make the decoder ask for 30 GB. An A4 scan at 600 dpi is 5,000×7,000.
    let (w, h) = decoder.dimensions();
    if w > MAX_SIDE_PX || h > MAX_SIDE_PX || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(invalid(
            "画像が大きすぎます（縦横それぞれ10,000ピクセル・合計5,000万画素まで）。スキャンの解像度を下げてください。",
        ));
    }
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| unreadable())?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    Ok((img.to_rgb8(), format))
}

fn encode(img: &RgbImage, format: ImageFormat) -> Result<Vec<u8>, StoreError> {
    let mut out = Cursor::new(Vec::new());
    let result = match format {
        ImageFormat::Jpeg => {
            let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92);
            img.write_with_encoder(enc)
        }
        _ => img.write_to(&mut out, ImageFormat::Png),
    };
    result.map_err(|_| invalid("黒塗りした画像を作れませんでした。"))?;
    Ok(out.into_inner())
}

/// Masks a JPEG or PNG: the boxes are burnt into the pixels and the image
/// is encoded again in its own format (without the original's metadata).
pub fn mask_image(bytes: &[u8], rects: &[MaskRect]) -> Result<Vec<u8>, StoreError> {
    check_rects(rects)?;
    let (mut img, format) = decode_upright(bytes)?;
    burn(&mut img, rects)?;
    encode(&img, format)
}

/// A PDF page rendered to an image (by the viewer) with its boxes.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    pub png: Vec<u8>,
    pub rects: Vec<MaskRect>,
}

/// Masks a PDF: each page, rendered to an image, gets its boxes burnt in,
/// and the pages become a new PDF of images (A4-sized by the page's aspect).
/// Pages without boxes are kept as rendered; at least one box is needed.
pub fn mask_pdf(pages: &[RenderedPage]) -> Result<Vec<u8>, StoreError> {
    use printpdf::{
        Mm, Op, PdfDocument, PdfPage, PdfSaveOptions, RawImage, RawImageData, RawImageFormat,
        XObjectTransform,
    };
    if pages.is_empty() || pages.len() > MAX_PAGES {
        return Err(invalid(
            "PDFのページを読み取れませんでした（50ページまで）。",
        ));
    }
    let all: Vec<MaskRect> = pages.iter().flat_map(|p| p.rects.iter().copied()).collect();
    check_rects(&all)?;
    let mut doc = PdfDocument::new("黒塗り済み");
    let mut out_pages = Vec::new();
    for page in pages {
        let (mut img, _) = decode_upright(&page.png)?;
        if !page.rects.is_empty() {
            burn(&mut img, &page.rects)?;
        }
        let (w, h) = img.dimensions();
        // Fit the page to A4 width (210 mm) keeping the aspect ratio; at
        // the image's own resolution the page is exactly covered.
        let width_mm = 210.0_f32;
        let height_mm = width_mm * h as f32 / w as f32;
        let dpi = w as f32 / (width_mm / 25.4);
        let raw = RawImage {
            pixels: RawImageData::U8(img.into_raw()),
            width: w as usize,
            height: h as usize,
            data_format: RawImageFormat::RGB8,
            tag: Vec::new(),
        };
        let id = doc.add_image(&raw);
        let ops = vec![Op::UseXobject {
            id,
            transform: XObjectTransform {
                dpi: Some(dpi),
                ..Default::default()
            },
        }];
        out_pages.push(PdfPage::new(Mm(width_mm), Mm(height_mm), ops));
    }
    let mut warnings = Vec::new();
    let bytes = doc
        .with_pages(out_pages)
        .save(&PdfSaveOptions::default(), &mut warnings);
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = RgbImage::from_pixel(w, h, Rgb([250, 250, 250]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn masks_are_burnt_into_the_pixels() {
        let masked = mask_image(
            &png(200, 100),
            &[MaskRect {
                x: 0.5,
                y: 0.5,
                w: 0.25,
                h: 0.5,
            }],
        )
        .unwrap();
        let img = image::load_from_memory(&masked).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (200, 100));
        assert_eq!(img.get_pixel(100, 50), &Rgb([0, 0, 0]));
        assert_eq!(img.get_pixel(149, 99), &Rgb([0, 0, 0]));
        assert_eq!(img.get_pixel(99, 50), &Rgb([250, 250, 250]));
        assert_eq!(img.get_pixel(150, 50), &Rgb([250, 250, 250]));
    }

    #[test]
    fn bad_masks_are_refused() {
        let code =
            |r: Result<Vec<u8>, StoreError>| crate::kernel::error::Coded::message(&r.unwrap_err());
        assert!(code(mask_image(&png(10, 10), &[])).contains("1つ以上"));
        assert!(code(mask_image(
            &png(10, 10),
            &[MaskRect {
                x: 2.0,
                y: 2.0,
                w: 1.0,
                h: 1.0
            }]
        ))
        .contains("外"));
        assert!(code(mask_image(
            &png(10, 10),
            &[MaskRect {
                x: f64::NAN,
                y: 0.0,
                w: 1.0,
                h: 1.0
            }]
        ))
        .contains("外"));
        assert!(code(mask_image(
            b"%PDF-1.4 not an image",
            &[MaskRect {
                x: 0.0,
                y: 0.0,
                w: 1.0,
                h: 1.0
            }]
        ))
        .contains("読み取れません"));
    }

    #[test]
    fn masked_pdfs_are_pdfs_of_the_masked_pages() {
        let pages = vec![
            RenderedPage {
                png: png(120, 170),
                rects: vec![MaskRect {
                    x: 0.0,
                    y: 0.0,
                    w: 0.5,
                    h: 0.5,
                }],
            },
            RenderedPage {
                png: png(120, 170),
                rects: vec![],
            },
        ];
        let pdf = mask_pdf(&pages).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        assert_eq!(
            crate::intake::content::detect_kind(&pdf),
            crate::intake::content::FileKind::Pdf
        );
    }

    #[test]
    fn which_documents_need_masking() {
        assert!(DocType::MynumberBack.needs_mask(false));
        assert!(DocType::HealthInsurance.needs_mask(false));
        assert!(!DocType::DriversLicense.needs_mask(false));
        assert!(DocType::DriversLicense.needs_mask(true));
        assert!(!DocType::MynumberFront.needs_mask(true));
    }
}

"""Locale negotiation, text direction and the SDK's interface strings in each language we ship."""

RTL_LANGUAGES = {"ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"}

STRINGS = {
    "en": {
        "dismiss": "Hide this list", "task_done": "Done: {task}",
        "comment": "What was missing?", "message": "Message", "email": "Email (optional)", "send": "Send",
        "thanks": "Thank you! We will get back to you.",
        "voted": "Thank you for your feedback!", "error": "Something went wrong. Please try again.",
        "back": "Back", "next": "Next", "done": "Done", "close": "Close",
        "opt_out": "Don't show tours again", "progress": "{current} of {total}",
        "missing": "This step's item is not on this page.",
        "help": "Help", "search": "Search help articles", "no_results": "No articles found",
        "helpful": "Was this helpful?", "yes": "Yes", "no": "No", "contact": "Still need help? Contact us",
        "updated": "Updated {date}", "topics": "Browse by topic",
    },
    "th": {
        "dismiss": "ซ่อนรายการนี้", "task_done": "เสร็จแล้ว: {task}",
        "comment": "ขาดข้อมูลอะไรไป", "message": "ข้อความ", "email": "อีเมล (ไม่บังคับ)", "send": "ส่ง",
        "thanks": "ขอบคุณ! เราจะติดต่อกลับโดยเร็ว",
        "voted": "ขอบคุณสำหรับความคิดเห็น!", "error": "เกิดข้อผิดพลาด โปรดลองอีกครั้ง",
        "back": "ย้อนกลับ", "next": "ถัดไป", "done": "เสร็จสิ้น", "close": "ปิด",
        "opt_out": "ไม่ต้องแสดงคำแนะนำอีก", "progress": "{current} จาก {total}",
        "missing": "ไม่พบสิ่งที่ขั้นตอนนี้ชี้ถึงในหน้านี้",
        "help": "ช่วยเหลือ", "search": "ค้นหาบทความช่วยเหลือ", "no_results": "ไม่พบบทความ",
        "helpful": "บทความนี้มีประโยชน์หรือไม่", "yes": "ใช่", "no": "ไม่ใช่",
        "contact": "ยังต้องการความช่วยเหลือ? ติดต่อเรา",
        "updated": "อัปเดตเมื่อ {date}", "topics": "เลือกดูตามหัวข้อ",
    },
    "ar": {
        "dismiss": "إخفاء هذه القائمة", "task_done": "تم: {task}",
        "comment": "ما الذي كان ناقصًا؟", "message": "الرسالة", "email": "البريد الإلكتروني (اختياري)", "send": "إرسال",
        "thanks": "شكرًا لك! سنتواصل معك قريبًا.",
        "voted": "شكرًا على ملاحظاتك!", "error": "حدث خطأ ما. يُرجى المحاولة مرة أخرى.",
        "back": "السابق", "next": "التالي", "done": "تم", "close": "إغلاق",
        "opt_out": "لا تعرض الجولات مرة أخرى", "progress": "{current} من {total}",
        "missing": "العنصر الذي تشير إليه هذه الخطوة غير موجود في هذه الصفحة.",
        "help": "مساعدة", "search": "ابحث في مقالات المساعدة", "no_results": "لم يتم العثور على مقالات",
        "helpful": "هل كان هذا مفيدًا؟", "yes": "نعم", "no": "لا",
        "contact": "هل ما زلت بحاجة إلى مساعدة؟ تواصل معنا",
        "updated": "آخر تحديث: {date}", "topics": "تصفّح حسب الموضوع",
    },
    "vi": {
        "dismiss": "Ẩn danh sách này", "task_done": "Đã xong: {task}",
        "comment": "Bài viết còn thiếu gì?", "message": "Tin nhắn", "email": "Email (không bắt buộc)", "send": "Gửi",
        "thanks": "Cảm ơn bạn! Chúng tôi sẽ sớm phản hồi.",
        "voted": "Cảm ơn phản hồi của bạn!", "error": "Đã xảy ra lỗi. Vui lòng thử lại.",
        "back": "Quay lại", "next": "Tiếp", "done": "Xong", "close": "Đóng",
        "opt_out": "Không hiển thị hướng dẫn nữa", "progress": "{current} / {total}",
        "missing": "Không tìm thấy mục mà bước này chỉ tới trên trang này.",
        "help": "Trợ giúp", "search": "Tìm bài viết trợ giúp", "no_results": "Không tìm thấy bài viết",
        "helpful": "Bài viết này có hữu ích không?", "yes": "Có", "no": "Không",
        "contact": "Vẫn cần trợ giúp? Liên hệ với chúng tôi",
        "updated": "Cập nhật {date}", "topics": "Duyệt theo chủ đề",
    },
    "id": {
        "dismiss": "Sembunyikan daftar ini", "task_done": "Selesai: {task}",
        "comment": "Apa yang kurang?", "message": "Pesan", "email": "Email (opsional)", "send": "Kirim",
        "thanks": "Terima kasih! Kami akan segera menghubungi Anda.",
        "voted": "Terima kasih atas masukan Anda!", "error": "Terjadi kesalahan. Silakan coba lagi.",
        "back": "Kembali", "next": "Berikutnya", "done": "Selesai", "close": "Tutup",
        "opt_out": "Jangan tampilkan tur lagi", "progress": "{current} dari {total}",
        "missing": "Item yang ditunjuk langkah ini tidak ada di halaman ini.",
        "help": "Bantuan", "search": "Cari artikel bantuan", "no_results": "Artikel tidak ditemukan",
        "helpful": "Apakah ini membantu?", "yes": "Ya", "no": "Tidak",
        "contact": "Masih butuh bantuan? Hubungi kami",
        "updated": "Diperbarui {date}", "topics": "Telusuri menurut topik",
    },
}


def candidates(locale: str | None) -> list[str]:
    """'pt-BR' -> ['pt-br', 'pt']: the requested locale, then its language."""
    if not locale:
        return []
    tag = locale.replace("_", "-").strip().lower()
    parts = tag.split("-")
    return [tag] if len(parts) == 1 else [tag, parts[0]]


def language_of(locale: str) -> str:
    """'pt-BR' -> 'pt'."""
    return candidates(locale)[-1]


def negotiate(requested: str | None, available, default: str) -> str:
    """The first of the requested locale or its language that is available, else the default."""
    lowered = {a.lower(): a for a in available}
    for candidate in candidates(requested):
        if candidate in lowered:
            return lowered[candidate]
    return default


def direction(locale: str) -> str:
    return "rtl" if locale and language_of(locale) in RTL_LANGUAGES else "ltr"


def ui_strings(locale: str) -> dict:
    return {**STRINGS["en"], **STRINGS.get(negotiate(locale, STRINGS, "en"), {})}

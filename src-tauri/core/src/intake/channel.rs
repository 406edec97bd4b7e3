//! 受付経路: how a request reached the desk (郵送, メール, 電話 …). A policy
//! profile says which it accepts; a case records the one it came by.

coded_enum!(
    /// 受付経路: how the request arrived.
    Channel {
        Post = "post", "郵送";
        Email = "email", "メール";
        Phone = "phone", "電話";
        Form = "form", "フォーム";
        Counter = "counter", "窓口";
    }
);

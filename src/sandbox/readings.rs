//! The readings of the questions Oracle's public API docs leave open (REST API for Marketplace
//! Publisher, <https://docs.oracle.com/en/cloud/marketplace/partner-portal/rest-api-publisher/>); this file is the repository's own list of them. The sandbox can play each,
//! one switch per question: `publisher sandbox --reading chunk-answer=base64`.
//!
//! Each default is the reading of Oracle's documented examples; every other value is a reading
//! the docs also allow. They are written from the docs, never from the client's code: a sandbox
//! that shares the client's assumptions cannot show where those assumptions are wrong.

/// A closed set of readings for one question: an enum with its wire names and its default.
macro_rules! axis {
    ($(#[$m:meta])* $name:ident, default $default:ident { $( $(#[$vm:meta])* $variant:ident = $text:literal ),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $( $(#[$vm])* $variant ),+ }

        impl Default for $name {
            fn default() -> Self { $name::$default }
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$( $name::$variant ),+];
            pub fn name(self) -> &'static str {
                match self { $( $name::$variant => $text ),+ }
            }
            pub fn parse(s: &str) -> Option<$name> {
                match s { $( $text => Some($name::$variant), )+ _ => None }
            }
        }
    };
}

/// A group of questions: a struct of axes keyed by their `--reading` names.
macro_rules! group {
    ($(#[$m:meta])* $name:ident { $( $(#[$fm:meta])* $key:literal => $field:ident : $ty:ident ),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Default)]
        pub struct $name { $( $(#[$fm])* pub $field: $ty, )* }

        impl $name {
            /// Set `key` to `value`; None when the key is not in this group.
            pub fn set(&mut self, key: &str, value: &str) -> Option<Result<(), String>> {
                match key {
                    $( $key => Some(match $ty::parse(value) {
                        Some(v) => { self.$field = v; Ok(()) }
                        None => Err(format!(
                            "--reading {key}={value}: unknown value; use one of {}",
                            $ty::ALL.iter().map(|v| v.name()).collect::<Vec<_>>().join(", ")
                        )),
                    }), )*
                    _ => { let _ = value; None }
                }
            }
            /// Every key with its values, the default first.
            pub fn axes() -> Vec<(&'static str, Vec<&'static str>)> {
                vec![ $( ($key, {
                    let d = $ty::default();
                    let mut v = vec![d.name()];
                    v.extend($ty::ALL.iter().filter(|x| **x != d).map(|x| x.name()));
                    v
                }) ),* ]
            }
        }
    };
}

axis!(
    /// What `statusName` (and HEAD's X-Upload-Status) reads after the initiate call and before
    /// the merge starts (the reference lists the filter codes INITIATED, PENDING and IN PROGESS;
    /// display strings are shown in title case): "Initiated", "Pending", "In Progress", or
    /// Oracle's "IN PROGESS" verbatim.
    PreMergeStatus, default Initiated {
        Initiated = "initiated",
        Pending = "pending",
        InProgress = "in-progress",
        /// Oracle's own filter-code spelling.
        InProgess = "IN-PROGESS",
    }
);

axis!(
    /// The body of a 2xx answer to `POST /machineimages/{id}/chunk` (no 2xx is documented; one
    /// example is shown). Always status 200.
    ChunkAnswer, default Hex {
        /// The example's shape, with this chunk's MD5 as lower-case hex.
        Hex = "hex",
        /// The same shape, `checksum` as base64 of the digest.
        Base64 = "base64",
        /// The documented example, verbatim, whatever was sent.
        Verbatim = "verbatim",
        /// An empty body.
        Empty = "empty",
        /// The text `OK`.
        TextOk = "text-ok",
        /// The acknowledgement shape `{message, entityId}`.
        Ack = "ack",
    }
);

axis!(
    /// A chunk number posted a second time before the merge (after a lost answer or a stall).
    /// Under initiate-data=optional, posting chunk 1 after an initiate call that carried it is a
    /// repost too.
    Repost, default Overwrite {
        /// The new bytes replace the old; the chunk counts once.
        Overwrite = "overwrite",
        /// 400 "chunk N already uploaded"; the first bytes stay.
        Reject = "reject",
        /// Accepted (the new bytes are kept) and counted again: `uploadedChunks` is then held
        /// chunks + reposts, `pendingChunks` the numbers still missing. The reference says the
        /// final submit "will verify the chunk number with the uploaded chunks", so the merge
        /// of such a request is refused with 400 (uploaded > X-Number-Of-Chunks), every time:
        /// the request can never be merged and a new one must be started.
        CountTwice = "count-twice",
    }
);

axis!(
    /// Whether the initiate call carries the first chunk ("initiates the machineimage chunks
    /// upload and uploads the first chunk") or no data (the chunked example of Create Machine
    /// Image). When it carries a `file` part, X-MD5-Checksum on the initiate call covers that
    /// chunk (400 on a mismatch, and no request is created); the part is held as chunk 1 but is
    /// not counted in `chunkPosts` of `/sandbox/images` (that counts chunk-endpoint POSTs only).
    /// <https://docs.oracle.com/en/cloud/marketplace/partner-portal/rest-api-publisher/op-publisher-v1-machineimages-post.html>
    InitiateData, default Empty {
        /// No file part allowed (400); chunks 1..N go to the chunk endpoint.
        Empty = "empty",
        /// A file part is taken as chunk 1; without one, chunks 1..N go to the chunk endpoint.
        Optional = "optional",
        /// A file part (chunk 1) is required on the initiate call (400 without); the chunk
        /// endpoint then takes 2..N only (X-Chunk-Number 1 is refused with 400).
        Required = "required",
    }
);

axis!(
    /// How `PATCH /machineimages/{id}` (action=upload) behaves. Missing chunks are always
    /// refused at once with 400, under every reading.
    MergeReading, default Idempotent {
        /// 200, and a repeated merge answers 200 again.
        Idempotent = "idempotent",
        /// A second merge of an accepted (merged or merging) request is refused with 400.
        SecondRejected = "second-400",
        /// 202 with an empty body; the merge starts about a second later, and until then the
        /// status keeps the pre-merge word (no chunks are accepted meanwhile). Repeats: 202.
        Async = "async-202",
        /// The merge is committed when the request arrives, but the answer (200) comes 5 s
        /// later, past a short client timeout.
        Slow = "slow",
    }
);

axis!(
    /// How the status reports the whole file's checksum (`checkSum`). It is known once the
    /// image is stored (virus scan onwards) and never shown for a failed image.
    ChecksumReading, default Hex {
        /// Lower-case hex MD5, from the virus scan on.
        Hex = "hex",
        /// Upper-case hex MD5, from the virus scan on.
        Upper = "upper",
        /// Base64 of the 16-byte digest, from the virus scan on.
        Base64 = "base64",
        /// Never present.
        Absent = "absent",
        /// Absent until the image is Completed, then lower-case hex.
        AfterReplication = "after-replication",
    }
);

axis!(
    /// The status an upload ends in after processing (merge, then "Virus Scan In Progress" for
    /// `--processing-ms`).
    FinalStatus, default Completed {
        Completed = "completed",
        /// A failure word outside the filter-code list ("Virus Scan Failed"), no checkSum.
        ScanFailed = "scan-failed",
        /// "Replicating", a word outside the documented codes, for 1.5 s, then Completed.
        Unrecognised = "unrecognised",
        /// No `statusName` (nor X-Upload-Status, nor the data-centre entry's) while merging and
        /// scanning, then Completed.
        Missing = "missing",
    }
);

axis!(
    /// How empty arrays are sent (`items`, `links`, `dataCenterImageUploadRequests`).
    Arrays, default Empty {
        /// `[]`; the status always lists the one (loopback) data-centre copy, as before.
        Empty = "empty",
        /// `null` for an empty `items` and for `links`; `dataCenterImageUploadRequests` is null
        /// before the merge (no data-centre copy exists yet).
        Null = "null",
    }
);

axis!(
    /// How creations (the whole-file POST and the initiate POST) are answered: the documented
    /// 200 with an acknowledgement body, or the Status Codes page's 201 with a Location header
    /// (and here an empty body).
    Creation, default Ack200 {
        /// 200 `{"message":"OK","entityId":"<id>"}`.
        Ack200 = "ack-200",
        /// 201, empty body, `Location: .../appstore/publisher/v1/machineimages/{id}`: absolute
        /// (`http://<Host>/...`) for odd ids, root-relative for even ids, so both forms occur.
        Location201 = "location-201",
    }
);

axis!(
    /// The answer for an upload request the server does not know, on GET, HEAD, PATCH and the
    /// chunk POST (the docs list 400, 404 and 500). DELETE always answers 404.
    UnknownRequest, default NotFound {
        NotFound = "404",
        BadRequest = "400",
        ServerError = "500",
    }
);

axis!(
    /// Whether chunks of requests not yet merged are dropped by the server.
    ChunkExpiry, default Never {
        Never = "never",
        /// Unmerged chunks (a chunk 1 sent with the initiate call included) are forgotten when
        /// the sandbox restarts: the request stays, Initiated, with uploadedChunks 0 and
        /// pendingChunks N. A request whose merge was accepted keeps its chunks.
        OnRestart = "on-restart",
    }
);

group!(
    /// Machine image uploads (docs: "Upload a Compute Machine Image File", uploadComputeImage.html).
    ImageReadings {
        "status-before-merge" => status_before_merge: PreMergeStatus,
        "chunk-answer" => chunk_answer: ChunkAnswer,
        "repost" => repost: Repost,
        "initiate-data" => initiate_data: InitiateData,
        "merge" => merge: MergeReading,
        "checksum" => checksum: ChecksumReading,
        "final-status" => final_status: FinalStatus,
        "arrays" => arrays: Arrays,
        "creation" => creation: Creation,
        "unknown-request" => unknown_request: UnknownRequest,
        "chunk-expiry" => chunk_expiry: ChunkExpiry,
    }
);

axis!(
    /// How `POST /applications/{id}/packages` answers: the 201 with the acknowledgement of the
    /// Create Application Package page's example, the documented 200 of the v2 create, or the
    /// Status Codes page's 201 with a Location header (and here an empty body).
    /// <https://docs.oracle.com/en/cloud/marketplace/partner-portal/rest-api-publisher/op-publisher-v1-applications-listingversionid-packages-post.html>
    PackageCreate, default Ack201 {
        Ack201 = "ack-201",
        Ack200 = "ack-200",
        /// 201, empty body, `Location: .../applications/{lv}/packages/{id}`: absolute
        /// (`http://<Host>/...`) for odd ids, root-relative for even ids, so both forms occur.
        Location201 = "location-201",
    }
);

axis!(
    /// What `entityId` names in package acknowledgements (create, update, validate, delete): the
    /// package (the create and validate examples), or the listing (the DELETE example answers
    /// `entityId` = the listingVersionId).
    PackageEntityId, default Package {
        Package = "package",
        Listing = "listing",
    }
);

axis!(
    /// How `PATCH .../packages/{id}` `{"action":"validate"}` answers. Only a success example is
    /// documented (200 "ListingPackage validation was successful"); a failed validation may be a
    /// 200 whose message says so, a 400, or (Status Codes page) a 202 to poll.
    ValidateAnswer, default Ok200 {
        /// 200, validated.
        Ok200 = "ok-200",
        /// 200 "ListingPackage validation failed: ..." and the package stays unvalidated.
        Failed200 = "failed-200",
        /// 400 with the reason.
        Failed400 = "failed-400",
        /// 202 Accepted; the package's status becomes VALIDATED after the processing delay.
        Async202 = "async-202",
        /// 202 Accepted; the package's status becomes VALIDATION_FAILED after the delay.
        Async202Fails = "async-202-fails",
    }
);

axis!(
    /// The shape of `GET /applications/{id}/packages`: its reference gives `PackageVersion` as
    /// the root schema (one object); v2 and clients read `items[].Package`.
    PackageList, default Collection {
        /// `{"items":[{"Package":{"id":..}}], ...}`.
        Collection = "collection",
        /// The newest package as a bare `PackageVersion` object (`{}` when there is none).
        SingleObject = "single-object",
        /// The same, but 404 "Entity Not Found" when the listing has no package yet.
        SingleObject404 = "single-object-404",
        /// `{"items":[{"PackageVersion":{"packageVersionId":..}}]}`: another type key, no `id`.
        OtherKey = "other-key",
        /// A summary list: `{"items":[{"Package":{"id":..,"status":..}}]}`, without the
        /// document's fields (no name, version or description).
        IdsOnly = "ids-only",
    }
);

axis!(
    /// Whether `GET /listings` applies the status filter the client sends (the reference
    /// describes a status filter but its stored copy does not show the parameter's name).
    ListingStatusFilter, default Honoured {
        Honoured = "honoured",
        Ignored = "ignored",
    }
);

axis!(
    /// Paging of `GET /listings` and `GET /applications`: the documented collection with
    /// `hasMore`, or readings of `hasMore` the docs do not rule out (they define neither it nor
    /// `totalResults`).
    Paging, default Documented {
        Documented = "has-more",
        /// `limit` capped at 10; no `hasMore`, no `totalResults`.
        Capped = "capped-no-has-more",
        /// `hasMore: false` on every page, full ones included; no `totalResults`.
        FalseOnFullPages = "false-has-more",
        /// `hasMore: true` on every page, the last (short or empty) one included; no
        /// `totalResults`.
        AlwaysTrue = "always-has-more",
    }
);

axis!(
    /// `expires_in` in the token answer: a number (the cookbook's example), a string, or absent.
    TokenExpiresIn, default Number {
        Number = "number",
        String = "string",
        Absent = "absent",
    }
);

axis!(
    /// The answer to an expired or unknown bearer token: 401 "Not Authorized" (the reference),
    /// or 403 (the Status Codes page lists it too).
    ExpiredToken, default Unauthorized401 {
        Unauthorized401 = "401",
        Forbidden403 = "403",
    }
);

group!(
    /// Packages, listings, applications and tokens (docs: the listings, packages and authenticate
    /// endpoints).
    ApiReadings {
        "package-create" => package_create: PackageCreate,
        "package-entity-id" => package_entity_id: PackageEntityId,
        "validate-answer" => validate_answer: ValidateAnswer,
        "package-list" => package_list: PackageList,
        "listing-status-filter" => listing_status_filter: ListingStatusFilter,
        "paging" => paging: Paging,
        "token-expires-in" => token_expires_in: TokenExpiresIn,
        "expired-token" => expired_token: ExpiredToken,
    }
);

/// Every reading the sandbox plays.
#[derive(Debug, Clone, Default)]
pub struct Readings {
    pub images: ImageReadings,
    pub api: ApiReadings,
}

impl Readings {
    /// The readings named by `key=value` switches, the defaults elsewhere.
    pub fn from_switches<'a>(specs: impl IntoIterator<Item = &'a str>) -> Result<Readings, String> {
        let mut readings = Readings::default();
        for spec in specs {
            readings.set(spec)?;
        }
        Ok(readings)
    }

    /// Apply one `key=value` switch.
    pub fn set(&mut self, spec: &str) -> Result<(), String> {
        let Some((key, value)) = spec.split_once('=') else {
            return Err(format!(
                "--reading '{spec}': expected KEY=VALUE, e.g. chunk-answer=base64 (see `publisher sandbox --list-readings`)"
            ));
        };
        let (key, value) = (key.trim(), value.trim());
        if let Some(r) = self.images.set(key, value) {
            return r;
        }
        if let Some(r) = self.api.set(key, value) {
            return r;
        }
        let keys: Vec<&str> = Self::axes().into_iter().map(|(k, _)| k).collect();
        Err(format!(
            "--reading {key}: unknown question; use one of {}",
            keys.join(", ")
        ))
    }

    /// Every question with its readings, the default first.
    pub fn axes() -> Vec<(&'static str, Vec<&'static str>)> {
        let mut v = ImageReadings::axes();
        v.extend(ApiReadings::axes());
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_of_every_axis_parses() {
        for (key, values) in Readings::axes() {
            for v in values {
                let mut r = Readings::default();
                r.set(&format!("{key}={v}")).unwrap();
            }
        }
    }

    #[test]
    fn bad_switches_say_what_to_use() {
        let mut r = Readings::default();
        assert!(r.set("chunk-answer").unwrap_err().contains("KEY=VALUE"));
        assert!(r.set("nope=1").unwrap_err().contains("chunk-answer"));
        assert!(r.set("chunk-answer=x").unwrap_err().contains("base64"));
        r.set("chunk-answer=base64").unwrap();
        assert_eq!(r.images.chunk_answer, ChunkAnswer::Base64);
    }
}

namespace Makini.Grpc.Emulators.Sap;

/// <summary>One entry of <c>innererror.errordetails</c>: a message of the application with the property it is about.</summary>
internal sealed record SapErrorDetail(string Code, string Message, string PropertyRef = "", string Target = "", string Severity = "error");

/// <summary>A refused write: the HTTP status and the application's messages (the first one becomes the error's code).</summary>
internal sealed class SapWriteException(int status, IReadOnlyList<SapErrorDetail> details) : Exception(details[0].Message)
{
    public int Status { get; } = status;

    public IReadOnlyList<SapErrorDetail> Details { get; } = details;

    public static SapWriteException One(int status, string code, string message, string propertyRef = "", string target = "") =>
        new(status, [new SapErrorDetail(code, message, propertyRef, target)]);
}

/// <summary>
/// Collects the messages of one write, as the backend does (a BAPI returns every error it found, not only the first),
/// and the message classes the emulator answers with. Codes are <c>class/number</c>; those not confirmed from a primary
/// source are UNVERIFIED (06/010, 06/011, 06/012, 06/020 and /IWFND/CM_MGW/094 are from SAP's message lists;
/// M3/305, M7/021 and BS/013 are the well-known texts of those messages).
/// </summary>
internal sealed class SapMessages
{
    public const string Required = "ME/083"; // UNVERIFIED number: "Enter &1"
    public const string ReadOnly = "/IWBEP/CM_MGW_RT/180"; // UNVERIFIED
    public const string NavigationInPatch = "/IWBEP/CM_MGW_RT/181"; // UNVERIFIED
    public const string InvalidValue = "/IWBEP/CM_MGW_RT/182"; // UNVERIFIED: a value of the wrong type or format
    public const string SupplierUnknown = "ME/045"; // UNVERIFIED
    public const string SupplierBlocked = "ME/046"; // UNVERIFIED
    public const string MaterialUnknown = "M3/305";
    public const string PlantUnknown = "ME/051"; // UNVERIFIED
    public const string StorageLocationUnknown = "M7/001"; // UNVERIFIED
    public const string CompanyCodeUnknown = "F5/165"; // UNVERIFIED
    public const string PurchasingOrgUnknown = "ME/052"; // UNVERIFIED
    public const string QuantityNotPositive = "ME/064"; // UNVERIFIED
    public const string NoItems = "06/010";
    public const string ItemUnknown = "06/011";
    public const string ItemExists = "06/012";
    public const string DocumentDeleted = "06/020";
    public const string PaymentTermsUnknown = "ME/053"; // UNVERIFIED
    public const string StatusActive = "BS/013";
    public const string PhaseUnknown = "EAM_PHASE/001"; // UNVERIFIED
    public const string OrderTypeUnknown = "IW/065"; // UNVERIFIED
    public const string EquipmentUnknown = "IE/007"; // UNVERIFIED
    public const string PriorityUnknown = "IW/112"; // UNVERIFIED
    public const string DatesInverted = "IW/113"; // UNVERIFIED
    public const string EquipmentCategoryUnknown = "IE/108"; // UNVERIFIED
    public const string EquipmentInItself = "IE/109"; // UNVERIFIED
    public const string PartnerName = "R11/401"; // UNVERIFIED
    public const string PartnerCategory = "R11/402"; // UNVERIFIED
    public const string SupplierRoleMissing = "R11/403"; // UNVERIFIED
    public const string CountryMissing = "R11/404"; // UNVERIFIED
    public const string EmailInvalid = "R11/405"; // UNVERIFIED
    public const string PurchasingDataExists = "R11/406"; // UNVERIFIED
    public const string MovementCode = "M7/102"; // UNVERIFIED
    public const string MovementType = "M7/103"; // UNVERIFIED
    public const string SpecialStock = "M7/104"; // UNVERIFIED
    public const string UnitUnknown = "M7/105"; // UNVERIFIED
    public const string StockDeficit = "M7/021";

    private readonly List<SapErrorDetail> _errors = [];

    public bool Any => _errors.Count > 0;

    public void Error(string code, string message, string propertyRef = "", string target = "") =>
        _errors.Add(new SapErrorDetail(code, message, propertyRef, target.Length > 0 ? target : propertyRef));

    public void MissingEntry(string property, string label, string targetPrefix = "") =>
        Error(Required, $"Enter {label}", property, targetPrefix + property);

    public void ReadOnlyProperty(string property, string entityType, string targetPrefix = "") =>
        Error(ReadOnly, $"Property '{property}' of entity type '{entityType}' is read-only and cannot be changed", property, targetPrefix + property);

    /// <summary>Throws the collected messages as one 400 answer.</summary>
    public void ThrowIfAny(int status = 400)
    {
        if (_errors.Count > 0) throw new SapWriteException(status, _errors.ToList());
    }
}

using System.Text.RegularExpressions;
using InvoiceScanner.CloudEngines.Textract;

namespace InvoiceScanner.FakeAws;

// Request checks: the exceptions Textract answers invalid input with, and the patterns it validates against.
internal sealed partial class TextractEmulator
{
    private static S3Object? CheckDocument(Document document)
    {
        if ((document.S3Object is null) == (document.Bytes is null))
            throw InvalidParameter("Document must have exactly one of S3Object and Bytes.");
        if (document.S3Object is { } s3)
            CheckS3Object(s3, "document.s3Object");
        else if (document.Bytes!.Length == 0)
            throw Validation("document.bytes", "[]", "Member must have length greater than or equal to 1");
        return document.S3Object;
    }

    private void CheckSyncSize(long length)
    {
        if (length > _options.MaxSyncBytes)
            throw new FakeAwsException(400, "DocumentTooLargeException", $"S3 object size {length} is more than the maximum limit {_options.MaxSyncBytes}");
    }

    private static void CheckS3Object(S3Object s3, string path)
    {
        if (!BucketPattern().IsMatch(s3.Bucket))
            throw Validation(path + ".bucket", s3.Bucket, "Member must satisfy regular expression pattern: [0-9A-Za-z\\.\\-_]*");
        if (s3.Name.Length is < 1 or > 1024)
            throw Validation(path + ".name", s3.Name, "Member must have length between 1 and 1024");
    }

    private static FakeAwsException InvalidParameter(string detail) =>
        new(400, "InvalidParameterException", "Request has invalid parameters: " + detail);

    private static FakeAwsException Validation(string member, string value, string constraint) =>
        new(400, "ValidationException", $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

    [GeneratedRegex("^[a-zA-Z0-9-_]{1,64}$")]
    private static partial Regex ClientRequestTokenPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9_.\-:]{1,64}$")]
    private static partial Regex JobTagPattern();

    [GeneratedRegex(@"^arn:([a-z\d-]+):sns:[a-zA-Z\d-]{1,20}:\w{12}:.+$")]
    private static partial Regex SnsTopicArnPattern();

    [GeneratedRegex(@"^arn:([a-z\d-]+):iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$")]
    private static partial Regex RoleArnPattern();

    [GeneratedRegex(@"^[0-9A-Za-z\.\-_]{1,255}$")]
    private static partial Regex BucketPattern();
}

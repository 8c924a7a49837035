using System.Text;
using System.Text.Json;
using InvoiceScanner.Hosting.Events;

namespace InvoiceScanner.Hosting.Tests;

public sealed class EventRecordTests
{
    // Real-shaped ObjectCreated:Put notification (as delivered to Lambda), key URL-encoded by S3.
    private const string S3PutEvent = """
        {
          "Records": [
            {
              "eventVersion": "2.1",
              "eventSource": "aws:s3",
              "awsRegion": "eu-west-1",
              "eventTime": "2026-11-23T17:55:01.123Z",
              "eventName": "ObjectCreated:Put",
              "userIdentity": { "principalId": "AWS:AROA3EXAMPLEROLEID:upload-presign" },
              "requestParameters": { "sourceIPAddress": "203.0.113.24" },
              "responseElements": {
                "x-amz-request-id": "C3D13FE58DE4C810",
                "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"
              },
              "s3": {
                "s3SchemaVersion": "1.0",
                "configurationId": "invoice-uploads",
                "bucket": {
                  "name": "invoice-scanner-uploads-prod",
                  "ownerIdentity": { "principalId": "A3NL1KOZZKExample" },
                  "arn": "arn:aws:s3:::invoice-scanner-uploads-prod"
                },
                "object": {
                  "key": "uploads/u1/inv1/My+Invoice%282%29.pdf",
                  "size": 5368709120,
                  "eTag": "d41d8cd98f00b204e9800998ecf8427e-640",
                  "versionId": null,
                  "sequencer": "0065A1B2C3D4E5F601",
                  "futureField": { "anything": true }
                }
              },
              "glacierEventData": null
            }
          ]
        }
        """;

    private const string HttpApiRequest = """
        {
          "version": "2.0",
          "routeKey": "GET /invoices/{invoiceId}",
          "rawPath": "/prod/invoices/inv-123",
          "rawQueryString": "include=lines&include=totals&format=json",
          "cookies": ["session=abc", "theme=dark"],
          "headers": {
            "accept": "application/json",
            "authorization": "Bearer eyJraWQiOi...",
            "content-type": "application/json",
            "x-forwarded-for": "198.51.100.7"
          },
          "queryStringParameters": { "include": "lines,totals", "format": "json" },
          "pathParameters": { "invoiceId": "inv-123" },
          "requestContext": {
            "accountId": "123456789012",
            "apiId": "a1b2c3d4e5",
            "authorizer": {
              "jwt": {
                "claims": {
                  "sub": "6f1c2a8e-9d57-4b1e-8a0f-1f2e3d4c5b6a",
                  "email": "ada@example.com",
                  "cognito:groups": "[admins finance]",
                  "iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example",
                  "token_use": "access"
                },
                "scopes": ["invoices/read", "invoices/write"]
              }
            },
            "domainName": "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com",
            "domainPrefix": "a1b2c3d4e5",
            "http": {
              "method": "GET",
              "path": "/prod/invoices/inv-123",
              "protocol": "HTTP/1.1",
              "sourceIp": "198.51.100.7",
              "userAgent": "Mozilla/5.0"
            },
            "requestId": "JKJaXmPLvHcESHA=",
            "routeId": "r1b2c3d",
            "routeKey": "GET /invoices/{invoiceId}",
            "stage": "prod",
            "time": "23/Nov/2026:17:55:01 +0000",
            "timeEpoch": 1795456501123
          },
          "body": "eyJub3RlIjoiUGFpZCDinJQifQ==",
          "isBase64Encoded": true
        }
        """;

    // Textract's async completion, published to SNS and delivered to Lambda.
    private const string SnsTextractCompletion = """
        {
          "Records": [
            {
              "EventSource": "aws:sns",
              "EventVersion": "1.0",
              "EventSubscriptionArn": "arn:aws:sns:eu-west-1:123456789012:textract-completions:1f2e3d4c-5b6a-4789-9abc-def012345678",
              "Sns": {
                "Type": "Notification",
                "MessageId": "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
                "TopicArn": "arn:aws:sns:eu-west-1:123456789012:textract-completions",
                "Subject": null,
                "Message": "{\"JobId\":\"a1b2c3\",\"Status\":\"SUCCEEDED\",\"API\":\"StartExpenseAnalysis\",\"JobTag\":\"inv1\",\"Timestamp\":1795456501123,\"DocumentLocation\":{\"S3ObjectName\":\"uploads/u1/inv1/My Invoice(2).pdf\",\"S3Bucket\":\"invoice-scanner-uploads-prod\"}}",
                "Timestamp": "2026-11-23T17:56:12.456Z",
                "SignatureVersion": "1",
                "Signature": "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=",
                "SigningCertUrl": "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem",
                "UnsubscribeUrl": "https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:eu-west-1:123456789012:textract-completions:1f2e3d4c",
                "MessageAttributes": {
                  "Origin": { "Type": "String", "Value": "textract" }
                }
              }
            }
          ]
        }
        """;

    [Fact]
    public void S3_object_created_put_event_deserializes_and_its_key_decodes_to_the_real_key()
    {
        var s3Event = JsonSerializer.Deserialize(S3PutEvent, LambdaJsonContext.Default.S3Event)!;

        var record = Assert.Single(s3Event.Records);
        Assert.Equal("2.1", record.EventVersion);
        Assert.Equal("aws:s3", record.EventSource);
        Assert.Equal("eu-west-1", record.AwsRegion);
        Assert.Equal("ObjectCreated:Put", record.EventName);
        Assert.Equal(new DateTime(2026, 11, 23, 17, 55, 1, 123, DateTimeKind.Utc), record.EventTime);
        Assert.Equal(DateTimeKind.Utc, record.EventTime.Kind);
        Assert.Equal("AWS:AROA3EXAMPLEROLEID:upload-presign", record.UserIdentity?.PrincipalId);
        Assert.Equal("203.0.113.24", record.RequestParameters?.SourceIPAddress);
        Assert.Equal("C3D13FE58DE4C810", record.ResponseElements?.XAmzRequestId);
        Assert.StartsWith("FMyUVURIY8", record.ResponseElements?.XAmzId2);
        Assert.Equal("1.0", record.S3.S3SchemaVersion);
        Assert.Equal("invoice-uploads", record.S3.ConfigurationId);
        Assert.Equal("invoice-scanner-uploads-prod", record.S3.Bucket.Name);
        Assert.Equal("A3NL1KOZZKExample", record.S3.Bucket.OwnerIdentity?.PrincipalId);
        Assert.Equal("arn:aws:s3:::invoice-scanner-uploads-prod", record.S3.Bucket.Arn);
        Assert.Equal("uploads/u1/inv1/My+Invoice%282%29.pdf", record.S3.Object.Key);
        Assert.Equal(5_368_709_120L, record.S3.Object.Size);
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e-640", record.S3.Object.ETag);
        Assert.Null(record.S3.Object.VersionId);
        Assert.Equal("0065A1B2C3D4E5F601", record.S3.Object.Sequencer);

        Assert.Equal("uploads/u1/inv1/My Invoice(2).pdf", S3NotificationKeys.Decode(record.S3.Object.Key));
    }

    [Fact]
    public void S3_event_serializes_with_the_wire_member_names()
    {
        var s3Event = JsonSerializer.Deserialize(S3PutEvent, LambdaJsonContext.Default.S3Event)!;

        var json = JsonSerializer.Serialize(s3Event, LambdaJsonContext.Default.S3Event);
        var record = JsonDocument.Parse(json).RootElement.GetProperty("Records")[0];

        Assert.Equal("203.0.113.24", record.GetProperty("requestParameters").GetProperty("sourceIPAddress").GetString());
        Assert.Equal("C3D13FE58DE4C810", record.GetProperty("responseElements").GetProperty("x-amz-request-id").GetString());
        Assert.True(record.GetProperty("responseElements").TryGetProperty("x-amz-id-2", out _));
        var s3 = record.GetProperty("s3");
        Assert.Equal("1.0", s3.GetProperty("s3SchemaVersion").GetString());
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e-640", s3.GetProperty("object").GetProperty("eTag").GetString());
        Assert.Equal(5_368_709_120L, s3.GetProperty("object").GetProperty("size").GetInt64());
        Assert.False(s3.GetProperty("object").TryGetProperty("versionId", out _)); // nulls are omitted
        Assert.Equal("ObjectCreated:Put", record.GetProperty("eventName").GetString());
    }

    [Fact]
    public void Http_api_v2_request_deserializes_with_jwt_claims_and_helpers_read_it()
    {
        var request = JsonSerializer.Deserialize(HttpApiRequest, LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyRequest)!;

        Assert.Equal("2.0", request.Version);
        Assert.Equal("GET /invoices/{invoiceId}", request.RouteKey);
        Assert.Equal("/prod/invoices/inv-123", request.RawPath);
        Assert.Equal("include=lines&include=totals&format=json", request.RawQueryString);
        Assert.Equal(["session=abc", "theme=dark"], request.Cookies!);
        Assert.True(request.IsBase64Encoded);

        var context = request.RequestContext!;
        Assert.Equal("123456789012", context.AccountId);
        Assert.Equal("a1b2c3d4e5", context.ApiId);
        Assert.Equal("a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com", context.DomainName);
        Assert.Equal("a1b2c3d4e5", context.DomainPrefix);
        Assert.Equal("GET", context.Http?.Method);
        Assert.Equal("/prod/invoices/inv-123", context.Http?.Path);
        Assert.Equal("HTTP/1.1", context.Http?.Protocol);
        Assert.Equal("198.51.100.7", context.Http?.SourceIp);
        Assert.Equal("Mozilla/5.0", context.Http?.UserAgent);
        Assert.Equal("JKJaXmPLvHcESHA=", context.RequestId);
        Assert.Equal("prod", context.Stage);
        Assert.Equal("23/Nov/2026:17:55:01 +0000", context.Time);
        Assert.Equal(1795456501123L, context.TimeEpoch);
        Assert.Equal(["invoices/read", "invoices/write"], context.Authorizer?.Jwt?.Scopes!);

        Assert.Equal("application/json", request.GetHeader("Content-Type"));
        Assert.Equal("application/json", request.GetHeader("ACCEPT"));
        Assert.Null(request.GetHeader("x-missing"));
        Assert.Equal("lines,totals", request.GetQuery("include"));
        Assert.Null(request.GetQuery("INCLUDE"));
        Assert.Equal("inv-123", request.GetPathParameter("invoiceId"));
        Assert.Equal("6f1c2a8e-9d57-4b1e-8a0f-1f2e3d4c5b6a", request.GetClaim("sub"));
        Assert.Equal("[admins finance]", request.GetClaim("cognito:groups"));
        Assert.Null(request.GetClaim("nope"));
        Assert.Equal("{\"note\":\"Paid ✔\"}", request.ReadBody());
        Assert.Equal(Encoding.UTF8.GetBytes("{\"note\":\"Paid ✔\"}"), request.ReadBodyBytes());
    }

    [Fact]
    public void Request_helpers_cope_with_absent_sections_and_plain_bodies()
    {
        var request = JsonSerializer.Deserialize("""{"version":"2.0","body":"plain","isBase64Encoded":false}""",
            LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyRequest)!;

        Assert.Null(request.GetHeader("accept"));
        Assert.Null(request.GetQuery("q"));
        Assert.Null(request.GetPathParameter("id"));
        Assert.Null(request.GetClaim("sub"));
        Assert.Equal("plain", request.ReadBody());
        Assert.Throws<FormatException>(() => new APIGatewayHttpApiV2ProxyRequest { Body = "not base64!", IsBase64Encoded = true }.ReadBody());
    }

    [Fact]
    public void Sns_event_with_a_textract_completion_deserializes()
    {
        var snsEvent = JsonSerializer.Deserialize(SnsTextractCompletion, LambdaJsonContext.Default.SNSEvent)!;

        var record = Assert.Single(snsEvent.Records);
        Assert.Equal("aws:sns", record.EventSource);
        Assert.Equal("1.0", record.EventVersion);
        Assert.EndsWith(":textract-completions:1f2e3d4c-5b6a-4789-9abc-def012345678", record.EventSubscriptionArn);
        var sns = record.Sns;
        Assert.Equal("Notification", sns.Type);
        Assert.Equal("95df01b4-ee98-5cb9-9903-4c221d41eb5e", sns.MessageId);
        Assert.Equal("arn:aws:sns:eu-west-1:123456789012:textract-completions", sns.TopicArn);
        Assert.Null(sns.Subject);
        Assert.Equal(new DateTime(2026, 11, 23, 17, 56, 12, 456, DateTimeKind.Utc), sns.Timestamp);
        Assert.Equal("1", sns.SignatureVersion);
        Assert.StartsWith("https://sns.eu-west-1.amazonaws.com/", sns.SigningCertUrl);
        Assert.Equal("textract", sns.MessageAttributes?["Origin"].Value);
        Assert.Equal("String", sns.MessageAttributes?["Origin"].Type);

        var message = JsonDocument.Parse(sns.Message).RootElement;
        Assert.Equal("SUCCEEDED", message.GetProperty("Status").GetString());
        Assert.Equal("a1b2c3", message.GetProperty("JobId").GetString());
    }

    [Fact]
    public void Http_api_response_round_trips_with_wire_names_and_omits_nulls()
    {
        var response = new APIGatewayHttpApiV2ProxyResponse
        {
            StatusCode = 201,
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json", ["Location"] = "/invoices/inv-1" },
            Cookies = ["session=abc; HttpOnly; Secure"],
            Body = """{"id":"inv-1"}""",
        };

        var json = JsonSerializer.Serialize(response, LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal(["statusCode", "headers", "cookies", "body", "isBase64Encoded"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(201, root.GetProperty("statusCode").GetInt32());
        Assert.Equal(JsonValueKind.False, root.GetProperty("isBase64Encoded").ValueKind);
        // Header names are data, not member names: the naming policy must not camel-case them.
        Assert.Equal("/invoices/inv-1", root.GetProperty("headers").GetProperty("Location").GetString());

        var back = JsonSerializer.Deserialize(json, LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyResponse)!;
        Assert.Equal(201, back.StatusCode);
        Assert.Equal(response.Headers, back.Headers);
        Assert.Equal(response.Cookies, back.Cookies);
        Assert.Equal(response.Body, back.Body);
        Assert.False(back.IsBase64Encoded);

        var minimal = JsonSerializer.Serialize(new APIGatewayHttpApiV2ProxyResponse { StatusCode = 204 }, LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);
        Assert.Equal("""{"statusCode":204,"isBase64Encoded":false}""", minimal);
    }

    [Fact]
    public void Runtime_error_body_uses_the_runtime_api_member_names()
    {
        var json = JsonSerializer.Serialize(new RuntimeErrorBody("boom", "InvalidOperationException", ["at A.B()"]), LambdaJsonContext.Default.RuntimeErrorBody);

        Assert.Equal("""{"errorMessage":"boom","errorType":"InvalidOperationException","stackTrace":["at A.B()"]}""", json);
    }
}

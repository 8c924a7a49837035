using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace InvoiceScanner.LocalHost.Security;

/// <summary>On-disk form of the dev signing key (local/.state/jwt-key.json). A development secret only.</summary>
public sealed record DevSigningKeyFile(string KeyId, string Algorithm, DateTimeOffset CreatedAt, string PrivateKeyPem);

/// <summary>
/// The RSA key that signs dev tokens and that the local JWT authorizer trusts: generated once, then reused so tokens
/// minted by `token` stay valid across restarts of `up`.
/// </summary>
public sealed class DevSigningKey
{
    private DevSigningKey(string keyId, RSA rsa)
    {
        KeyId = keyId;
        Rsa = rsa;
        SecurityKey = new RsaSecurityKey(rsa) { KeyId = keyId };
    }

    public string KeyId { get; }

    public RSA Rsa { get; }

    public RsaSecurityKey SecurityKey { get; }

    public static DevSigningKey LoadOrCreate(string path)
    {
        if (File.Exists(path))
            return Load(path);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var rsa = RSA.Create(2048);
        var file = new DevSigningKeyFile(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            SecurityAlgorithms.RsaSha256,
            DateTimeOffset.UtcNow,
            rsa.ExportPkcs8PrivateKeyPem());
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(file, LocalJsonContext.Default.DevSigningKeyFile));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            // No overwrite: when two commands race to create the key, the first one wins and both use it.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            rsa.Dispose();
            return Load(path);
        }
        return new DevSigningKey(file.KeyId, rsa);
    }

    /// <summary>A fresh key that is never written anywhere (tests: a key the authorizer does not trust).</summary>
    public static DevSigningKey CreateEphemeral() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), RSA.Create(2048));

    private static DevSigningKey Load(string path)
    {
        try
        {
            var file = JsonSerializer.Deserialize(File.ReadAllBytes(path), LocalJsonContext.Default.DevSigningKeyFile)
                ?? throw new InvalidDataException("empty file");
            var rsa = RSA.Create();
            rsa.ImportFromPem(file.PrivateKeyPem);
            return new DevSigningKey(file.KeyId, rsa);
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or ArgumentException or CryptographicException)
        {
            throw new InvalidOperationException($"The dev signing key {path} is unreadable ({ex.Message}); delete it to generate a new one.", ex);
        }
    }

    /// <summary>The public half as a JWKS, as an identity provider would publish it.</summary>
    public JsonWebKeySet ToJsonWebKeySet()
    {
        var parameters = Rsa.ExportParameters(includePrivateParameters: false);
        return new JsonWebKeySet(
        [
            new PublicJsonWebKey("RSA", KeyId, "sig", SecurityAlgorithms.RsaSha256,
                Base64UrlEncoder.Encode(parameters.Modulus!), Base64UrlEncoder.Encode(parameters.Exponent!)),
        ]);
    }
}

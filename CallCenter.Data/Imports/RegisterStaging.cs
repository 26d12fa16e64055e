using System.Runtime.InteropServices;

namespace CallCenter.Data.Imports;

/// <summary>
/// The writes a register import decided on while checking its file under a read snapshot, kept until it holds the
/// write lock: each as a kind and the values of its prepared command, in order, in a private temporary file (deleted
/// on close, readable by this user alone), so memory stays flat for a register of a million rows. A dry run only
/// counts: nothing is kept. New households get placeholder ids (negative) until they are written.
/// </summary>
internal sealed class RegisterStaging : IAsyncDisposable
{
    public const byte InsertHousehold = 1;
    public const byte UpdateHousehold = 2;
    public const byte InsertResident = 3;
    public const byte UpdateResident = 4;

    private const byte Null = 0, Text = 1, Integer = 2, Small = 3, Flag = 4, Date = 5, Time = 6;

    private readonly FileStream? file;
    private readonly BinaryWriter? writer;
    private long lastPlaceholder;

    private RegisterStaging(FileStream? file)
    {
        this.file = file;
        writer = file is null ? null : new BinaryWriter(file, System.Text.Encoding.UTF8, leaveOpen: true);
    }

    /// <summary>Keeps nothing (a dry run): only placeholder ids are handed out.</summary>
    public static RegisterStaging Counting() => new(null);

    /// <summary>Keeps the writes in a new private temporary file.</summary>
    public static RegisterStaging ToTemporaryFile()
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = 1 << 16,
            Options = FileOptions.DeleteOnClose,
        };
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        return new RegisterStaging(new FileStream(Path.Combine(Path.GetTempPath(), $"callcenter-register-{Guid.NewGuid():N}.tmp"), options));
    }

    /// <summary>Stages a new household (HouseholdNo, District, Address, Now) and returns the placeholder id its rows use.</summary>
    public long AddHousehold(object?[] values)
    {
        var placeholder = --lastPlaceholder;
        Add(InsertHousehold, [.. values, placeholder]);
        return placeholder;
    }

    /// <summary>Stages one write: its kind and its command's values, in parameter order.</summary>
    public void Add(byte kind, object?[] values)
    {
        if (writer is null)
        {
            return;
        }
        writer.Write(kind);
        writer.Write((byte)values.Length);
        foreach (var value in values)
        {
            switch (value)
            {
                case null:
                    writer.Write(Null);
                    break;
                case string text:
                    writer.Write(Text);
                    writer.Write(text);
                    break;
                case long or int:
                    writer.Write(Integer);
                    writer.Write(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case byte small:
                    writer.Write(Small);
                    writer.Write(small);
                    break;
                case bool flag:
                    writer.Write(Flag);
                    writer.Write(flag);
                    break;
                case DateOnly date:
                    writer.Write(Date);
                    writer.Write(date.DayNumber);
                    break;
                case DateTime time:
                    writer.Write(Time);
                    writer.Write(time.ToBinary());
                    break;
                default:
                    throw new ArgumentException($"Cannot stage a {value.GetType().Name}.", nameof(values));
            }
        }
    }

    /// <summary>The staged writes, in the order they were staged.</summary>
    public IEnumerable<(byte Kind, object?[] Values)> Read()
    {
        if (file is null || writer is null)
        {
            yield break;
        }
        writer.Flush();
        var end = file.Position;
        file.Position = 0;
        using var reader = new BinaryReader(file, System.Text.Encoding.UTF8, leaveOpen: true);
        while (file.Position < end)
        {
            var kind = reader.ReadByte();
            var values = new object?[reader.ReadByte()];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.ReadByte() switch
                {
                    Null => null,
                    Text => reader.ReadString(),
                    Integer => reader.ReadInt64(),
                    Small => reader.ReadByte(),
                    Flag => reader.ReadBoolean(),
                    Date => DateOnly.FromDayNumber(reader.ReadInt32()),
                    Time => DateTime.FromBinary(reader.ReadInt64()),
                    var tag => throw new InvalidDataException($"Unknown staged value tag {tag}."),
                };
            }
            yield return (kind, values);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (writer is not null)
        {
            await writer.DisposeAsync();
        }
        if (file is not null)
        {
            await file.DisposeAsync();
        }
    }
}

<#
.SYNOPSIS
    Builds (or takes prebuilt) nimbusd and nimbus and installs them on Windows.

.DESCRIPTION
    Installs nimbusd.exe (the Nimbus control-plane daemon) and nimbus.exe (the CLI) into
    <Prefix>\bin, adds that directory to the user PATH if it is missing, and installs the
    PowerShell completion script (completions\_nimbus.ps1) into <Prefix>\completions when the
    source tree has one.

    By default the binaries are built first with
        cargo build --release --locked -p nimbus-daemon -p nimbus-cli
    in the directory of this script. -BinDir or -NoBuild use prebuilt binaries instead.

    -Service prepares a Windows service named "nimbusd". nimbusd does not implement the
    Service Control Manager (SCM) protocol yet, so it cannot run as a service on its own: the
    SCM would stop it after about 30 seconds (error 1053). Without -Force, -Service therefore
    only creates the data directory and prints the exact commands to register nimbusd under
    a service wrapper (NSSM or WinSW). With -Force it registers nimbusd.exe directly with
    New-Service anyway.

    The script is idempotent: re-running it updates the binaries and changes nothing else
    that is already in place. It supports -WhatIf and -Confirm.

.PARAMETER Prefix
    Installation directory. Default: $env:LOCALAPPDATA\Programs\Nimbus, or
    $env:ProgramFiles\Nimbus with -Service (a service runs as LocalSystem, so its binary must
    not be writable by ordinary users).

.PARAMETER BinDir
    Do not build: install nimbusd.exe and nimbus.exe from this directory.

.PARAMETER NoBuild
    Same as -BinDir target\release next to this script.

.PARAMETER Service
    Needs an elevated (Administrator) PowerShell. Creates $env:ProgramData\Nimbus (access
    limited to SYSTEM and Administrators) with an example nimbusd.toml if there is none, then
    prints how to run nimbusd under a service wrapper. With -Force, registers the "nimbusd"
    service (Automatic start) instead, with NIMBUS_DATA_DIR and NIMBUS_CONFIG set in its
    environment. Never starts the service: initialise the database first.

.PARAMETER Force
    With -Service: register nimbusd.exe directly as a Windows service although it does not
    speak the SCM protocol yet.

.PARAMETER Uninstall
    Remove the binaries, the completion script and the PATH entry. With -Service, also stop
    and remove the "nimbusd" service if it runs this installation's nimbusd.exe. Configuration
    and data ($env:ProgramData\Nimbus, $env:APPDATA\nimbus) are kept.

.EXAMPLE
    .\install.ps1
    Builds with cargo and installs into $env:LOCALAPPDATA\Programs\Nimbus.

.EXAMPLE
    .\install.ps1 -BinDir C:\Downloads\nimbus-windows
    Installs prebuilt binaries.

.EXAMPLE
    .\install.ps1 -NoBuild -Service -WhatIf
    Shows what an installation as a service would do, without changing anything.

.EXAMPLE
    .\install.ps1 -Uninstall
    Removes the binaries and the PATH entry again.

.NOTES
    Runs on Windows PowerShell 5.1 and PowerShell 7. If scripts are blocked, run it with:
        powershell -ExecutionPolicy Bypass -File .\install.ps1
    On Linux and macOS use install.sh.
#>

#Requires -Version 5.1

[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [string] $Prefix,
    [string] $BinDir,
    [switch] $NoBuild,
    [switch] $Service,
    [switch] $Force,
    [switch] $Uninstall
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$script:Cmdlet = $PSCmdlet
$script:ServiceName = 'nimbusd'
$script:ServiceKey = 'HKLM:\SYSTEM\CurrentControlSet\Services\nimbusd'
$script:BuildArgs = @('build', '--release', '--locked', '-p', 'nimbus-daemon', '-p', 'nimbus-cli')
$script:Binaries = @('nimbusd.exe', 'nimbus.exe')
$script:Installed = New-Object System.Collections.Generic.List[string]

function Write-Step([string] $Message) {
    Write-Host "install.ps1: $Message"
}

function Test-Administrator {
    $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
    $principal = New-Object System.Security.Principal.WindowsPrincipal -ArgumentList $identity
    return $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
}

# Path entries compare case-insensitively, with variables expanded and without a trailing \.
function Get-NormalizedPath([string] $Path) {
    return [System.Environment]::ExpandEnvironmentVariables($Path.Trim()).TrimEnd('\').ToLowerInvariant()
}

# Relative to the current PowerShell location (not the process directory); need not exist.
function Resolve-FullPath([string] $Path) {
    return $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
}

function Test-PathUnder([string] $Path, [string] $Parent) {
    if ([string]::IsNullOrEmpty($Parent)) { return $false }
    $p = (Get-NormalizedPath $Path) + '\'
    $d = (Get-NormalizedPath $Parent) + '\'
    return $p.StartsWith($d, [System.StringComparison]::Ordinal)
}

# ------------------------------------------------------------------------------------------
# User PATH (read and written raw, so that %VARIABLES% in other entries survive)

function Get-UserPath {
    $key = [Microsoft.Win32.Registry]::CurrentUser.OpenSubKey('Environment', $false)
    if ($null -eq $key) { return '' }
    try {
        $value = $key.GetValue('Path', '', [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
        if ($null -eq $value) { return '' }
        return [string] $value
    }
    finally { $key.Close() }
}

function Set-UserPath([string] $Value) {
    $key = [Microsoft.Win32.Registry]::CurrentUser.CreateSubKey('Environment')
    try { $key.SetValue('Path', $Value, [Microsoft.Win32.RegistryValueKind]::ExpandString) }
    finally { $key.Close() }
    Send-EnvironmentChange
}

# Tells Explorer (and programs started from it) that the environment changed.
function Send-EnvironmentChange {
    if (-not ('NimbusInstall.NativeMethods' -as [type])) {
        Add-Type -Namespace NimbusInstall -Name NativeMethods -MemberDefinition @'
[DllImport("user32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
public static extern IntPtr SendMessageTimeout(IntPtr hWnd, uint Msg, UIntPtr wParam, string lParam,
    uint fuFlags, uint uTimeout, out UIntPtr lpdwResult);
'@
    }
    $result = [UIntPtr]::Zero
    # HWND_BROADCAST, WM_SETTINGCHANGE, SMTO_ABORTIFHUNG, 5 s
    [void] [NimbusInstall.NativeMethods]::SendMessageTimeout([IntPtr] 0xffff, 0x1a, [UIntPtr]::Zero, 'Environment', 2, 5000, [ref] $result)
}

function Split-PathList([string] $Value) {
    return @($Value -split ';' | Where-Object { $_.Trim() -ne '' })
}

function Add-UserPathEntry([string] $Dir) {
    $entries = @(Split-PathList (Get-UserPath))
    $wanted = Get-NormalizedPath $Dir
    if (@($entries | Where-Object { (Get-NormalizedPath $_) -eq $wanted }).Count -gt 0) {
        Write-Step "$Dir is already on the user PATH"
    }
    elseif ($script:Cmdlet.ShouldProcess('user PATH', "Add $Dir")) {
        Set-UserPath (($entries + $Dir) -join ';')
        Write-Step "added $Dir to the user PATH (open a new terminal to pick it up)"
    }
    # This session too.
    $session = @(Split-PathList $env:Path)
    if (@($session | Where-Object { (Get-NormalizedPath $_) -eq $wanted }).Count -eq 0 -and -not $WhatIfPreference) {
        $env:Path = (($session + $Dir) -join ';')
    }
}

function Remove-UserPathEntry([string] $Dir) {
    $entries = @(Split-PathList (Get-UserPath))
    $wanted = Get-NormalizedPath $Dir
    $kept = @($entries | Where-Object { (Get-NormalizedPath $_) -ne $wanted })
    if ($kept.Count -eq $entries.Count) {
        Write-Step "$Dir is not on the user PATH"
    }
    elseif ($script:Cmdlet.ShouldProcess('user PATH', "Remove $Dir")) {
        Set-UserPath ($kept -join ';')
        Write-Step "removed $Dir from the user PATH"
    }
}

# ------------------------------------------------------------------------------------------
# Files

function New-Directory([string] $Path) {
    if (Test-Path -LiteralPath $Path -PathType Container) { return }
    if ($script:Cmdlet.ShouldProcess($Path, 'Create directory')) {
        [void] (New-Item -ItemType Directory -Path $Path -Force -WhatIf:$false -Confirm:$false)
    }
}

function Copy-File([string] $Source, [string] $Destination) {
    if ($script:Cmdlet.ShouldProcess($Destination, "Copy $Source")) {
        try {
            Copy-Item -LiteralPath $Source -Destination $Destination -Force -WhatIf:$false -Confirm:$false
        }
        catch {
            throw ("cannot copy $Source to ${Destination}: $($_.Exception.Message) " +
                "If nimbusd is running from there, stop it first (as a service: Stop-Service nimbusd).")
        }
    }
    $script:Installed.Add($Destination)
}

function Remove-File([string] $Path) {
    if (Test-Path -LiteralPath $Path) {
        if ($script:Cmdlet.ShouldProcess($Path, 'Remove file')) {
            Remove-Item -LiteralPath $Path -Force -WhatIf:$false -Confirm:$false
            Write-Step "removed $Path"
        }
        return $true
    }
    Write-Step "$Path is not installed"
    return $false
}

# SYSTEM and Administrators only (by SID, so it works on localised Windows), inherited by
# everything created inside; inheritance from the parent is cut.
function Set-RestrictedAcl([string] $Path) {
    if (-not $script:Cmdlet.ShouldProcess($Path, 'Limit access to SYSTEM and Administrators')) { return }
    $acl = New-Object System.Security.AccessControl.DirectorySecurity
    $acl.SetAccessRuleProtection($true, $false)
    $inherit = [System.Security.AccessControl.InheritanceFlags]'ContainerInherit, ObjectInherit'
    foreach ($sid in @('S-1-5-18', 'S-1-5-32-544')) {
        $identity = New-Object System.Security.Principal.SecurityIdentifier -ArgumentList $sid
        $rule = New-Object System.Security.AccessControl.FileSystemAccessRule -ArgumentList @(
            $identity,
            [System.Security.AccessControl.FileSystemRights]::FullControl,
            $inherit,
            [System.Security.AccessControl.PropagationFlags]::None,
            [System.Security.AccessControl.AccessControlType]::Allow)
        $acl.AddAccessRule($rule)
    }
    # Through .NET rather than Set-Acl: a fresh DirectorySecurity persists only what was changed
    # here (the access rules), never the owner or the audit rules.
    $dirInfo = New-Object System.IO.DirectoryInfo -ArgumentList $Path
    if ($PSVersionTable.PSEdition -eq 'Core') {
        [System.IO.FileSystemAclExtensions]::SetAccessControl($dirInfo, $acl)
    }
    else {
        $dirInfo.SetAccessControl($acl)
    }
}

# ------------------------------------------------------------------------------------------
# Service

function Get-ServiceImagePath {
    $props = Get-ItemProperty -Path $script:ServiceKey -ErrorAction SilentlyContinue
    if ($null -eq $props -or $null -eq $props.PSObject.Properties['ImagePath']) { return $null }
    return [string] $props.ImagePath
}

function Test-OurService([string] $ImagePath, [string] $Exe) {
    if ([string]::IsNullOrEmpty($ImagePath)) { return $false }
    return $ImagePath.ToLowerInvariant().Contains($Exe.ToLowerInvariant())
}

function Install-NimbusService([string] $Exe, [string] $DataDir) {
    $config = Join-Path $DataDir 'nimbusd.toml'
    $logs = Join-Path $DataDir 'logs'
    $envVars = @("NIMBUS_DATA_DIR=$DataDir", "NIMBUS_CONFIG=$config")

    # Data directory, shared by every way of running the service.
    New-Directory $DataDir
    if ((Test-Path -LiteralPath $DataDir -PathType Container) -or $WhatIfPreference) {
        Set-RestrictedAcl $DataDir
    }
    New-Directory $logs
    if (Test-Path -LiteralPath $config) {
        Write-Step "keeping the existing $config"
    }
    else {
        if ($script:Cmdlet.ShouldProcess($config, "Write the output of '$Exe config example'")) {
            # Read as UTF-8 straight from the process, whatever the console code page, and
            # written without a byte order mark on PowerShell 5.1 and 7 alike.
            $utf8 = New-Object System.Text.UTF8Encoding -ArgumentList $false
            $startInfo = New-Object System.Diagnostics.ProcessStartInfo -ArgumentList $Exe, 'config example'
            $startInfo.UseShellExecute = $false
            $startInfo.RedirectStandardOutput = $true
            $startInfo.StandardOutputEncoding = $utf8
            $proc = [System.Diagnostics.Process]::Start($startInfo)
            $text = $proc.StandardOutput.ReadToEnd()
            $proc.WaitForExit()
            if ($proc.ExitCode -ne 0 -or [string]::IsNullOrEmpty($text)) {
                throw "'$Exe config example' failed (exit code $($proc.ExitCode))"
            }
            [System.IO.File]::WriteAllText($config, $text, $utf8)
        }
        $script:Installed.Add($config)
    }

    $initCommand = @"
    `$env:NIMBUS_DATA_DIR = '$DataDir'
    `$env:NIMBUS_CONFIG = '$config'
    & '$Exe' init --email you@example.com
"@

    Write-Warning ("nimbusd does not implement the Windows Service Control Manager protocol yet. " +
        "Registered directly, the service would be stopped by Windows after about 30 seconds " +
        "(error 1053). Run it under a service wrapper such as NSSM or WinSW instead.")

    if (-not $Force) {
        Write-Host ''
        Write-Host 'Not registering a service (add -Force to register nimbusd.exe directly anyway).'
        Write-Host ''
        Write-Host 'First initialise the database, in this elevated PowerShell:'
        Write-Host $initCommand
        Write-Host ''
        Write-Host 'Then register it with NSSM (https://nssm.cc):'
        Write-Host "    nssm install $($script:ServiceName) `"$Exe`" serve"
        Write-Host "    nssm set $($script:ServiceName) DisplayName `"Nimbus control-plane daemon`""
        Write-Host "    nssm set $($script:ServiceName) Start SERVICE_AUTO_START"
        Write-Host "    nssm set $($script:ServiceName) AppEnvironmentExtra `"$($envVars[0])`" `"$($envVars[1])`""
        Write-Host "    nssm set $($script:ServiceName) AppStopMethodConsole 40000"
        Write-Host "    nssm set $($script:ServiceName) AppStdout `"$logs\nimbusd.log`""
        Write-Host "    nssm set $($script:ServiceName) AppStderr `"$logs\nimbusd.log`""
        Write-Host "    nssm start $($script:ServiceName)"
        Write-Host ''
        Write-Host 'or with WinSW (https://github.com/winsw/winsw): save this as nimbusd-service.xml next to'
        Write-Host 'a copy of the WinSW executable renamed nimbusd-service.exe, then run: nimbusd-service.exe install'
        Write-Host '    <service>'
        Write-Host "      <id>$($script:ServiceName)</id>"
        Write-Host '      <name>Nimbus control-plane daemon</name>'
        Write-Host "      <executable>$Exe</executable>"
        Write-Host '      <arguments>serve</arguments>'
        Write-Host "      <env name=`"NIMBUS_DATA_DIR`" value=`"$DataDir`"/>"
        Write-Host "      <env name=`"NIMBUS_CONFIG`" value=`"$config`"/>"
        Write-Host '      <startmode>Automatic</startmode>'
        Write-Host '      <stoptimeout>40 sec</stoptimeout>'
        Write-Host "      <logpath>$logs</logpath>"
        Write-Host '    </service>'
        Write-Host ''
        Write-Host 'nimbusd drains requests for up to 30 s when stopped with Ctrl-C, hence the 40 s stop timeouts.'
        return
    }

    $existing = Get-Service -Name $script:ServiceName -ErrorAction SilentlyContinue
    $imagePath = Get-ServiceImagePath
    if ($null -ne $existing) {
        if (Test-OurService $imagePath $Exe) {
            Write-Step "service $($script:ServiceName) is already registered"
        }
        else {
            Write-Warning "a service named $($script:ServiceName) already exists and runs: $imagePath. Leaving it (and its environment) alone."
            return
        }
    }
    elseif ($script:Cmdlet.ShouldProcess($script:ServiceName, "Register Windows service running `"$Exe`" serve")) {
        [void] (New-Service -Name $script:ServiceName -BinaryPathName "`"$Exe`" serve" `
                -DisplayName 'Nimbus control-plane daemon' `
                -Description 'Nimbus self-hosted control plane (nimbusd serve).' `
                -StartupType Automatic -WhatIf:$false -Confirm:$false)
        Write-Step "registered service $($script:ServiceName) (not started)"
    }

    if (((Test-Path -LiteralPath $script:ServiceKey) -or $WhatIfPreference) -and
        $script:Cmdlet.ShouldProcess("$($script:ServiceKey)\Environment", "Set $($envVars -join ', ')")) {
        [void] (New-ItemProperty -Path $script:ServiceKey -Name 'Environment' -PropertyType MultiString `
                -Value $envVars -Force -WhatIf:$false -Confirm:$false)
    }

    Write-Host ''
    Write-Host 'Before starting the service, initialise the database in this elevated PowerShell:'
    Write-Host $initCommand
    Write-Host "Then: Start-Service $($script:ServiceName)   (expect error 1053 until nimbusd supports the SCM protocol)"
}

function Uninstall-NimbusService([string] $Exe) {
    $existing = Get-Service -Name $script:ServiceName -ErrorAction SilentlyContinue
    if ($null -eq $existing) {
        Write-Step "no $($script:ServiceName) service is registered"
        return
    }
    $imagePath = Get-ServiceImagePath
    if (-not (Test-OurService $imagePath $Exe)) {
        Write-Warning ("service $($script:ServiceName) runs '$imagePath', not this installation's nimbusd.exe; " +
            "remove it with the tool that created it (e.g. nssm remove $($script:ServiceName) confirm, " +
            "or <wrapper>.exe uninstall for WinSW) and run -Uninstall again.")
        return
    }
    if ($existing.Status -ne 'Stopped' -and $script:Cmdlet.ShouldProcess($script:ServiceName, 'Stop service')) {
        Stop-Service -Name $script:ServiceName -Force -WhatIf:$false -Confirm:$false
    }
    if ($script:Cmdlet.ShouldProcess($script:ServiceName, 'Remove service')) {
        if (Get-Command Remove-Service -ErrorAction SilentlyContinue) {
            Remove-Service -Name $script:ServiceName -WhatIf:$false -Confirm:$false
        }
        else {
            # Windows PowerShell 5.1 turns redirected stderr into errors; keep them non-terminating.
            $out = & { $ErrorActionPreference = 'Continue'; & sc.exe delete $script:ServiceName 2>&1 }
            if ($LASTEXITCODE -ne 0) { throw "sc.exe delete $($script:ServiceName) failed: $out" }
        }
        Write-Step "removed service $($script:ServiceName)"
    }
}

# ------------------------------------------------------------------------------------------
# Main

function Invoke-Build {
    if (-not (Get-Command cargo -ErrorAction SilentlyContinue)) {
        throw ("cargo not found on PATH. Install Rust from https://rustup.rs, or pass -BinDir DIR " +
            "with prebuilt nimbusd.exe and nimbus.exe (or -NoBuild after building them yourself).")
    }
    if (-not (Test-Path -LiteralPath (Join-Path $PSScriptRoot 'Cargo.toml'))) {
        throw "no Cargo.toml in ${PSScriptRoot}: run install.ps1 from the source tree, or pass -BinDir DIR"
    }
    if ($script:Cmdlet.ShouldProcess($PSScriptRoot, "cargo $($script:BuildArgs -join ' ')")) {
        Write-Step 'building (this can take several minutes)'
        Push-Location -LiteralPath $PSScriptRoot
        # cargo reports progress on stderr; keep that from turning into a terminating error.
        $savedPreference = $ErrorActionPreference
        $ErrorActionPreference = 'Continue'
        try {
            & cargo $script:BuildArgs | Out-Host
            $code = $LASTEXITCODE
        }
        finally {
            $ErrorActionPreference = $savedPreference
            Pop-Location
        }
        if ($code -ne 0) { throw "cargo build failed (exit code $code)" }
    }
    $targetDir = $env:CARGO_TARGET_DIR
    if ([string]::IsNullOrEmpty($targetDir)) { $targetDir = 'target' }
    if (-not [System.IO.Path]::IsPathRooted($targetDir)) { $targetDir = Join-Path $PSScriptRoot $targetDir }
    return (Join-Path $targetDir 'release')
}

function Invoke-Main {
    if ([System.Environment]::OSVersion.Platform -ne [System.PlatformID]::Win32NT) {
        throw 'install.ps1 is for Windows; on Linux and macOS use install.sh'
    }
    if ($NoBuild -and $BinDir) { throw '-NoBuild and -BinDir cannot be combined (-NoBuild means -BinDir target\release)' }
    if ($Force -and -not $Service) { Write-Warning '-Force only has an effect together with -Service' }

    $prefixDir = $Prefix
    if ([string]::IsNullOrEmpty($prefixDir)) {
        if ($Service) { $prefixDir = Join-Path $env:ProgramFiles 'Nimbus' }
        elseif ($env:LOCALAPPDATA) { $prefixDir = Join-Path $env:LOCALAPPDATA 'Programs\Nimbus' }
        else { throw 'LOCALAPPDATA is not set; pass -Prefix' }
    }
    $prefixDir = Resolve-FullPath $prefixDir
    $binTarget = Join-Path $prefixDir 'bin'
    $completionTarget = Join-Path (Join-Path $prefixDir 'completions') '_nimbus.ps1'
    $exe = Join-Path $binTarget 'nimbusd.exe'
    $dataDir = Join-Path $env:ProgramData 'Nimbus'

    if ($Service -and -not (Test-Administrator)) {
        if ($WhatIfPreference) {
            Write-Warning '-Service needs an elevated PowerShell (Run as Administrator); showing what would happen only.'
        }
        else {
            throw '-Service needs an elevated PowerShell: right-click PowerShell, "Run as Administrator", and run this again.'
        }
    }
    if ($Service -and -not $Uninstall -and (Test-PathUnder $prefixDir $env:USERPROFILE)) {
        Write-Warning ("$prefixDir is inside a user profile. The service runs as LocalSystem, so whoever can write " +
            "nimbusd.exe there can run code as SYSTEM. Prefer -Prefix `"$env:ProgramFiles\Nimbus`".")
    }

    if ($Uninstall) {
        if ($Service) { Uninstall-NimbusService $exe }
        $found = $false
        foreach ($name in $script:Binaries) {
            if (Remove-File (Join-Path $binTarget $name)) { $found = $true }
        }
        [void] (Remove-File $completionTarget)
        Remove-UserPathEntry $binTarget
        Write-Host ''
        if ($WhatIfPreference) { Write-Host 'WhatIf: nothing was changed.' }
        elseif ($found) { Write-Host "Uninstalled nimbusd and nimbus from $binTarget." }
        else { Write-Host "Nothing to uninstall in $binTarget." }
        Write-Host "Kept configuration and data ($dataDir, $env:APPDATA\nimbus); delete them yourself if you no longer need them."
        return
    }

    # Binaries.
    $sourceDir = $BinDir
    if ($NoBuild) { $sourceDir = Join-Path (Join-Path $PSScriptRoot 'target') 'release' }
    $checkSource = $true
    if ([string]::IsNullOrEmpty($sourceDir)) {
        $sourceDir = Invoke-Build
        $checkSource = -not $WhatIfPreference
    }
    else {
        $sourceDir = Resolve-FullPath $sourceDir
    }
    if ($checkSource) {
        foreach ($name in $script:Binaries) {
            $source = Join-Path $sourceDir $name
            if (-not (Test-Path -LiteralPath $source -PathType Leaf)) {
                if ($NoBuild) { throw "$source not found: build first with cargo $($script:BuildArgs -join ' ')" }
                throw "$source not found"
            }
        }
    }

    Write-Step "installing into $binTarget"
    New-Directory $binTarget
    foreach ($name in $script:Binaries) {
        Copy-File (Join-Path $sourceDir $name) (Join-Path $binTarget $name)
    }

    # Completions.
    $completionSource = Join-Path (Join-Path $PSScriptRoot 'completions') '_nimbus.ps1'
    $hasCompletion = Test-Path -LiteralPath $completionSource -PathType Leaf
    if ($hasCompletion) {
        New-Directory (Split-Path -Parent $completionTarget)
        Copy-File $completionSource $completionTarget
    }

    Add-UserPathEntry $binTarget

    if ($Service) { Install-NimbusService $exe $dataDir }

    # Summary.
    Write-Host ''
    if ($WhatIfPreference) { Write-Host 'WhatIf: nothing was changed. A real run would install:' }
    else { Write-Host 'Installed:' }
    foreach ($item in $script:Installed) { Write-Host "  $item" }
    if (-not $WhatIfPreference) {
        $version = $null
        try { $version = & $exe --version } catch { $version = $null }
        if ($version) { Write-Host "Version: $(@($version)[0])" }
    }
    if ($hasCompletion) {
        $line = ". '$completionTarget'"
        $profilePath = $null
        $profileVar = Get-Variable -Name PROFILE -ErrorAction SilentlyContinue
        if ($null -ne $profileVar) { $profilePath = [string] $profileVar.Value }
        Write-Host ''
        if ($profilePath -and (Test-Path -LiteralPath $profilePath) -and
            (Select-String -LiteralPath $profilePath -SimpleMatch $completionTarget -Quiet)) {
            Write-Host "Tab completion is already loaded from your profile ($profilePath)."
        }
        else {
            Write-Host 'For tab completion, dot-source the completion script from your PowerShell profile:'
            Write-Host "    $line"
            Write-Host 'for example:'
            Write-Host '    if (-not (Test-Path $PROFILE)) { New-Item -ItemType File -Path $PROFILE -Force | Out-Null }'
            Write-Host "    Add-Content -Path `$PROFILE -Value `"$line`""
        }
    }
    Write-Host ''
    Write-Host 'Next steps (in a new terminal, so that PATH is updated):'
    if ($Service) {
        Write-Host '  1. Initialise the database and start the service as shown above.'
        Write-Host '  2. nimbus login'
    }
    else {
        Write-Host '  1. nimbusd serve     (the first start in a terminal walks you through setup)'
        Write-Host '  2. nimbus login      (in another terminal)'
    }
}

try {
    Invoke-Main
}
catch {
    $host.UI.WriteErrorLine("install.ps1: error: $($_.Exception.Message)")
    exit 1
}

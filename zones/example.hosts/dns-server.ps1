# kms-srv: run in an elevated PowerShell session.

# --- DNS records: run on the Microsoft DNS server (DnsServer module) ---
# Each publish domain is taken as its own zone; adjust -ZoneName and -Name when it lives in a parent zone.
# Safe to run twice: each record is looked up first and added only when missing.
$KmsSrvServer = @{}
$KmsSrvTtl = [TimeSpan]::FromSeconds(3600)
function Set-KmsSrvSrv([string]$Zone, [string]$Target, [int]$Priority, [int]$Weight, [int]$Port) {
  $same = @(Get-DnsServerResourceRecord @KmsSrvServer -ZoneName $Zone -Name '_vlmcs._tcp' -RRType Srv -ErrorAction SilentlyContinue |
    Where-Object { $_.RecordData.DomainName -eq $Target })
  if ($same | Where-Object { $_.RecordData.Priority -eq $Priority -and $_.RecordData.Weight -eq $Weight -and $_.RecordData.Port -eq $Port }) {
    Write-Host "kms-srv: present: _vlmcs._tcp.$Zone SRV $Priority $Weight $Port $Target"; return
  }
  # The same target with another priority, weight or port: replaced, so the zone says what the plan says.
  foreach ($old in $same) { Remove-DnsServerResourceRecord @KmsSrvServer -ZoneName $Zone -InputObject $old -Force }
  Add-DnsServerResourceRecord @KmsSrvServer -ZoneName $Zone -Name '_vlmcs._tcp' -Srv -DomainName $Target -Priority $Priority -Weight $Weight -Port $Port -TimeToLive $KmsSrvTtl
}
function Add-KmsSrvAddress([string]$Zone, [string]$Name, [string]$Type, [string]$Address) {
  $there = Get-DnsServerResourceRecord @KmsSrvServer -ZoneName $Zone -Name $Name -RRType $Type -ErrorAction SilentlyContinue |
    Where-Object { $(if ($Type -eq 'A') { $_.RecordData.IPv4Address } else { $_.RecordData.IPv6Address }).IPAddressToString -eq $Address }
  if ($there) { Write-Host "kms-srv: present: $Name.$Zone $Type $Address"; return }
  if ($Type -eq 'A') { Add-DnsServerResourceRecord @KmsSrvServer -ZoneName $Zone -Name $Name -A -IPv4Address $Address -TimeToLive $KmsSrvTtl }
  else { Add-DnsServerResourceRecord @KmsSrvServer -ZoneName $Zone -Name $Name -AAAA -IPv6Address $Address -TimeToLive $KmsSrvTtl }
}
# kms1.example.test: publishing "auto": it registers its SRV records itself; these lines create them by hand (a record created here is owned by you, and a secure zone then refuses the host's own updates: event 12293).
Set-KmsSrvSrv -Zone 'example.test' -Target 'kms1.example.test.' -Priority 0 -Weight 60 -Port 1688
Set-KmsSrvSrv -Zone 'branch.example.test' -Target 'kms1.example.test.' -Priority 10 -Weight 0 -Port 1688
Add-KmsSrvAddress -Zone 'example.test' -Name 'kms1' -Type A -Address '192.0.2.11'
Add-KmsSrvAddress -Zone 'example.test' -Name 'kms1' -Type AAAA -Address '2001:db8::11'
# kms2.example.test: publishing "auto": it registers its SRV records itself; these lines create them by hand (a record created here is owned by you, and a secure zone then refuses the host's own updates: event 12293).
Set-KmsSrvSrv -Zone 'example.test' -Target 'kms2.example.test.' -Priority 0 -Weight 40 -Port 1688
Add-KmsSrvAddress -Zone 'example.test' -Name 'kms2' -Type A -Address '192.0.2.12'
# kms3.branch.example.test: publishing "manual": these records are the only ones it gets.
Set-KmsSrvSrv -Zone 'branch.example.test' -Target 'kms3.branch.example.test.' -Priority 0 -Weight 100 -Port 1689
Set-KmsSrvSrv -Zone 'example.test' -Target 'kms3.branch.example.test.' -Priority 10 -Weight 0 -Port 1689
Add-KmsSrvAddress -Zone 'branch.example.test' -Name 'kms3' -Type A -Address '198.51.100.13'
Add-KmsSrvAddress -Zone 'branch.example.test' -Name 'kms3' -Type AAAA -Address '2001:db8:100::13'

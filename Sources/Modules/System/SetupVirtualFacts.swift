import Foundation
import SwiftPlayCore
import ValueModel

/// Ansible's Linux `virtual` collector: the container or hypervisor the host runs in
/// (`virtualization_type`, `_role`) and every technology it sees, as guest or as host.
/// The first finding names the type; later ones only join the technology sets.
enum SetupVirtualFacts {
  static let markers = ["/proc/vz", "/proc/lve", "/proc/bc", "/.dockerenv", "/.dockerinit", "/proc/xen", "/rhev/", "/dev/kvm"]

  static let virtual = SetupCollector(
    name: "virtual", factIDs: ["virtualization_type", "virtualization_role", "virtualization_tech_guest", "virtualization_tech_host"],
    sections: { _ in
      [SetupHardwareFacts.cpuinfoSection,
       .init("virtual", "for p in \(markers.joined(separator: " ")); do [ -e \"$p\" ] && echo \"exists=$p\"; done; "
        + "fc /proc/1/cgroup /run/systemd/container /proc/xen/capabilities " + ["product_name", "sys_vendor", "product_family", "bios_vendor"]
          .map { SetupHardwareFacts.dmiFolder + $0 }.joined(separator: " ")
        + "; echo @@proc1_environ; tr '\\000' '\\n' </proc/1/environ 2>/dev/null; "
        + "echo @@vxid; grep -E '^VxID:' /proc/self/status 2>/dev/null; "
        + "echo @@modules; [ -r /proc/modules ] && cut -d' ' -f1 /proc/modules 2>/dev/null; "
        + "echo @@rhev_vdsm; [ -d /rhev/ ] && cat /proc/[0-9]*/comm 2>/dev/null | grep -qxE 'vdsmd?' && echo yes; "
        + "echo @@dmidecode_product; command -v dmidecode >/dev/null 2>&1 && dmidecode -s system-product-name 2>/dev/null; "
        + "echo @@lscpu; grep -q '^vendor_id.*IBM/S390' /proc/cpuinfo 2>/dev/null && command -v lscpu >/dev/null 2>&1 && lscpu 2>/dev/null")]
    },
    parse: { output, _ in parse(output) })

  static func parse(_ output: SetupOutput) -> ValueDict {
    var type: String?
    var role: String?
    var found = false
    var guest: Set<String> = [], host: Set<String> = []
    let exists = Set(output["virtual"].filter { $0.hasPrefix("exists=") }.map { String($0.dropFirst(7)) })
    func guestFinding(_ tech: String, type newType: String? = nil, role newRole: String? = "guest") {
      guest.insert(tech)
      if !found {
        type = newType ?? tech
        if let newRole { role = newRole }
        found = true
      }
    }
    for line in output.fileLines("/proc/1/cgroup") {
      if line.range(of: #"/docker(/|-[0-9a-f]+\.scope)"#, options: .regularExpression) != nil { guestFinding("docker") }
      if line.contains("/lxc/") || line.contains("/machine.slice/machine-lxc") { guestFinding("lxc") }
      if line.contains("/system.slice/containerd.service") { guestFinding("containerd") }
    }
    for line in output["proc1_environ"] {
      if line.contains("container=lxc") { guestFinding("lxc") }
      if line.contains("container=podman") { guestFinding("podman") }
      if line.range(of: "^container=.", options: .regularExpression) != nil { guestFinding("container") }
    }
    if exists.contains("/proc/vz") && !exists.contains("/proc/lve") {
      type = "openvz"
      if exists.contains("/proc/bc") {
        host.insert("openvz")
        if !found { role = "host" }
      } else {
        guest.insert("openvz")
        if !found { role = "guest" }
      }
      found = true
    }
    let container = output.file("/run/systemd/container")
    if let container { guestFinding(container) }
    if exists.contains("/.dockerenv") || exists.contains("/.dockerinit") { guestFinding("docker") }
    if !guest.isDisjoint(with: ["docker", "lxc", "podman", "openvz", "containerd"]) || container != nil { guest.insert("container") }
    if exists.contains("/proc/xen") {
      if output.fileLines("/proc/xen/capabilities").contains(where: { $0.contains("control_d") }) {
        host.insert("xen")
        if !found { (type, role) = ("xen", "host") }
      } else if !found {
        (type, role) = ("xen", "guest")
      }
      found = true
    }
    if !found { role = "guest" }
    let dmi = { (name: String) in output.file(SetupHardwareFacts.dmiFolder + name) }
    let (productName, vendor, family, bios) = (dmi("product_name"), dmi("sys_vendor"), dmi("product_family"), dmi("bios_vendor"))
    func dmiFinding(_ tech: String) {
      guest.insert(tech)
      if !found { type = tech; found = true }
    }
    if let productName, ["KVM", "KVM Server", "Bochs", "AHV", "CloudStack KVM Hypervisor"].contains(productName) { dmiFinding("kvm") }
    if vendor == "oVirt" { dmiFinding("oVirt") }
    if vendor == "Red Hat" {
      if family == "RHV" { dmiFinding("RHV") } else if productName == "RHEV Hypervisor" { dmiFinding("RHEV") }
    }
    if productName?.hasPrefix("VMware") == true { dmiFinding("VMware") }
    if let productName, ["OpenStack Compute", "OpenStack Nova"].contains(productName) { dmiFinding("openstack") }
    if bios == "Xen" { dmiFinding("xen") }
    if bios == "innotek GmbH" { dmiFinding("virtualbox") }
    if let bios, ["Amazon EC2", "DigitalOcean", "Hetzner", "Linode"].contains(bios) { dmiFinding("kvm") }
    if let vendor, ["QEMU", "Amazon EC2", "DigitalOcean", "Google", "Scaleway", "Nutanix"].contains(vendor) { dmiFinding("kvm") }
    if vendor == "KubeVirt" { dmiFinding("KubeVirt") }
    if vendor == "Microsoft Corporation" { dmiFinding("VirtualPC") }
    if vendor == "Parallels Software International Inc." { dmiFinding("parallels") }
    if vendor == "OpenStack Foundation" { dmiFinding("openstack") }
    if !found { role = nil }
    for line in output["vxid"] where line.range(of: #"^VxID:\s+\d+"#, options: .regularExpression) != nil {
      if !found { type = "linux_vserver" }
      if line.range(of: #"^VxID:\s+0"#, options: .regularExpression) != nil {
        host.insert("linux_vserver")
        if !found { role = "host" }
      } else {
        guest.insert("linux_vserver")
        if !found { role = "guest" }
      }
      found = true
    }
    for line in output["cpuinfo"] {
      let tech: String
      if line.range(of: "^model name.*QEMU Virtual CPU", options: .regularExpression) != nil { tech = "kvm" }
      else if line.range(of: "^vendor_id.*User Mode Linux", options: .regularExpression) != nil { tech = "uml" }
      else if line.range(of: "^model name.*UML", options: .regularExpression) != nil { tech = "uml" }
      else if line.range(of: "^machine.*CHRP IBM pSeries .emulated by qemu.", options: .regularExpression) != nil { tech = "kvm" }
      else if line.range(of: "^vendor_id.*PowerVM Lx86", options: .regularExpression) != nil { tech = "powervm_lx86" }
      else if line.range(of: "^vendor_id.*IBM/S390", options: .regularExpression) != nil {
        guest.insert("PR/SM")
        if !found { type = "PR/SM" }
        let hypervisor = output["lscpu"].first { $0.split(separator: ":", maxSplits: 1).first?.trimmingCharacters(in: .whitespaces) == "Hypervisor" }
        if let hypervisor, let value = hypervisor.split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) {
          guest.insert(value)
          if !found { type = value }
        } else if output["lscpu"].isEmpty {
          guest.insert("ibm_systemz")
          if !found { type = "ibm_systemz" }
        }
        if !found { role = type == "PR/SM" ? "LPAR" : "guest"; found = true }
        continue
      } else { continue }
      guest.insert(tech)
      if !found { type = tech; role = "guest"; found = true }
    }
    let modules = Set(output["modules"])
    if modules.contains("kvm") {
      host.insert("kvm")
      if !found { (type, role) = ("kvm", "host") }
      if exists.contains("/rhev/"), output.first("rhev_vdsm") == "yes" {
        host.insert("RHEV")
        if !found { type = "RHEV" }
      }
      found = true
    }
    if modules.contains("vboxdrv") {
      host.insert("virtualbox")
      if !found { (type, role, found) = ("virtualbox", "host", true) }
    }
    if modules.contains("virtio") {
      host.insert("kvm")
      if !found { (type, role, found) = ("kvm", "guest", true) }
    }
    let product = output["dmidecode_product"].filter { !$0.hasPrefix("#") }.map { $0.trimmingCharacters(in: .whitespaces) }.joined()
    if product.hasPrefix("VMware") { guestFinding("VMware") }
    if output["dmidecode_product"].joined(separator: "\n").contains("BHYVE") { guestFinding("bhyve") }
    if exists.contains("/dev/kvm") {
      host.insert("kvm")
      if !found { (type, role, found) = ("kvm", "host", true) }
    }
    if !found { (type, role) = ("NA", "NA") }
    var facts: ValueDict = [
      "virtualization_tech_guest": .list(guest.sorted().map(Value.string)),
      "virtualization_tech_host": .list(host.sorted().map(Value.string)),
    ]
    if let type { facts["virtualization_type"] = .string(type) }
    if let role { facts["virtualization_role"] = .string(role) }
    return facts
  }
}

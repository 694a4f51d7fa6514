// Kaltura sessions on the wire (protocol §6.2, §6.3): issuing KS v2 and
// reading KS v1 and v2, both signed with the partner's admin secret.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace devserver {

struct KsFields {
  int partner_id = 0;
  int64_t valid_until = 0;
  int type = 0;
  std::string user_id;
  std::string privileges;  // comma list of name or name:value
  std::string master_partner_id;
  std::string additional_data;
};

// Privileges "name:value,name2" as (name, value) pairs, in order; a value
// may hold several items joined by '/' (§6.1).
std::vector<std::pair<std::string, std::string>> split_privileges(const std::string& privileges);
// The value of the first privilege called name; nullopt when there is none.
std::optional<std::string> privilege_value(const std::string& privileges, const std::string& name);

std::string encode_ks_v2(const KsFields& fields, const std::string& admin_secret);

// The fields of a KS whose signature matches admin_secret; nullopt when it
// does not decode or verify.
std::optional<KsFields> decode_ks(const std::string& ks, const std::string& admin_secret);

}  // namespace devserver

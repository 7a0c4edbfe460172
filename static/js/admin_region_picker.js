// Account form in Django admin: the region search offers only the level the chosen role needs
// (a province for provincial staff, a kab/kota for a coordinator). The role is added to the
// autocomplete's address, and the picker is set up again whenever the role changes.
window.addEventListener("load", function () {
  const $ = window.django && window.django.jQuery;
  const role = document.getElementById("id_role");
  const region = document.getElementById("id_region");
  if (!$ || !role || !region || !region.classList.contains("admin-autocomplete")) return;
  const base = region.getAttribute("data-ajax--url").split("?")[0];
  function useRole(clear) {
    const url = base + "?role=" + encodeURIComponent(role.value);
    region.setAttribute("data-ajax--url", url);
    if ($(region).data("select2")) $(region).select2("destroy");
    $(region).removeData();
    if (clear) $(region).val(null);
    $(region).djangoAdminSelect2();
  }
  role.addEventListener("change", function () { useRole(true); });
  useRole(false);
});

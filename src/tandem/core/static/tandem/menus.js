// The header menu and the project menu are <details> disclosures (they work without JavaScript).
// Each names, in data-open-when-wide, the media query under which it is shown open as a row of
// links; below it, it is a menu button that closes on Escape or a click elsewhere. A module, not
// inline code: the pages run under a Content-Security-Policy without inline scripts.

const menus = [...document.querySelectorAll("details[data-open-when-wide]")];

for (const menu of menus) {
  const wide = window.matchMedia(menu.dataset.openWhenWide);
  const follow = () => {
    menu.open = wide.matches;
    menu.classList.toggle("is-wide", wide.matches);
  };
  follow();
  wide.addEventListener("change", follow);
}

function narrowOpenMenus() {
  return menus.filter((menu) => menu.open && !menu.classList.contains("is-wide"));
}

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  for (const menu of narrowOpenMenus()) {
    menu.open = false;
    menu.querySelector("summary").focus();
  }
});

document.addEventListener("click", (event) => {
  for (const menu of narrowOpenMenus()) {
    if (!menu.contains(event.target)) menu.open = false;
  }
});

from django.urls import include, path

urlpatterns = [
    path("", include("ruggensteun.web.urls")),
    path("", include("ruggensteun.accounts.urls")),
    path("", include("ruggensteun.questionnaires.urls")),
    path("", include("ruggensteun.intake.urls")),
    path("", include("ruggensteun.programme.urls")),
    path("", include("ruggensteun.workspace.urls")),
    path("", include("ruggensteun.outcomes.urls")),
    path("", include("ruggensteun.today.urls")),
    path("", include("ruggensteun.diary.urls")),
    path("", include("ruggensteun.mydata.urls")),
    path("", include("ruggensteun.reports.urls")),
    path("", include("ruggensteun.signoff.urls")),
    path("", include("ruggensteun.push.urls")),
    path("", include("ruggensteun.messaging.urls")),
    path("", include("ruggensteun.search.urls")),
    path("praktijk/", include("ruggensteun.workspace.patient_urls")),
    path("praktijk/audit/", include("ruggensteun.accounts.audit_urls")),
]
